package store

import "context"

// AnswerStamp is when (the assignment's answers version) and by which tab
// (and that tab's request number) an answer was last written.
type AnswerStamp struct {
	Version int64
	Writer  string
	Seq     int64
}

// NextAnswersVersion counts up an open assignment's answers version and
// returns the new one. It locks the assignment's row until the transaction
// ends, so two saves of one questionnaire take turns (compare, then set).
func (tx *Tx) NextAnswersVersion(ctx context.Context, assignmentID string) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, `UPDATE q_assignments SET answers_version = answers_version + 1
		WHERE id = ? AND status = 'open' RETURNING answers_version`, assignmentID).Scan(&v)
	return v, err
}

// AnswersVersion is an assignment's answers version now.
func (tx *Tx) AnswersVersion(ctx context.Context, assignmentID string) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, `SELECT answers_version FROM q_assignments WHERE id = ?`, assignmentID).Scan(&v)
	return v, err
}

// StampAnswer records the version and tab that wrote an answer (after SaveAnswer).
func (tx *Tx) StampAnswer(ctx context.Context, assignmentID, linkID string, st AnswerStamp) error {
	_, err := tx.exec(ctx, `UPDATE q_answers SET version = ?, writer = ?, seq = ? WHERE assignment_id = ? AND link_id = ?`,
		st.Version, st.Writer, st.Seq, assignmentID, linkID)
	return err
}

// AnswerStamps loads the stamps of an assignment's answers: link id → stamp.
func (tx *Tx) AnswerStamps(ctx context.Context, assignmentID string) (map[string]AnswerStamp, error) {
	rows, err := tx.query(ctx, `SELECT link_id, version, writer, seq FROM q_answers WHERE assignment_id = ?`, assignmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]AnswerStamp{}
	for rows.Next() {
		var k string
		var st AnswerStamp
		if err := rows.Scan(&k, &st.Version, &st.Writer, &st.Seq); err != nil {
			return nil, err
		}
		out[k] = st
	}
	return out, rows.Err()
}

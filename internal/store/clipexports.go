package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const clipExportCols = `clip_id, recording_id, status, progress, error, start_frame, end_frame, updated_at`

// QueueClipExport marks a clip's export queued (creating its row if
// needed), keeping the edges of any file already stored.
func (tx *Tx) QueueClipExport(ctx context.Context, clipID, recordingID string) error {
	_, err := tx.exec(ctx, `INSERT INTO clip_exports (`+clipExportCols+`) VALUES (?,?,?,0,'',-1,-1,?)
		ON CONFLICT (clip_id) DO UPDATE SET status=excluded.status, progress=0, error='', updated_at=excluded.updated_at`,
		clipID, recordingID, domain.ClipExportQueued, ms(tx.now))
	return err
}

// UpdateClipExport writes an export's state and edges.
func (tx *Tx) UpdateClipExport(ctx context.Context, e *domain.ClipExport) error {
	e.UpdatedAt = tx.now
	_, err := tx.exec(ctx, `UPDATE clip_exports SET status=?, progress=?, error=?, start_frame=?, end_frame=?, updated_at=?
		WHERE clip_id=?`, e.Status, e.Progress, e.Error, e.StartFrame, e.EndFrame, ms(e.UpdatedAt), e.ClipID)
	return err
}

// SetClipExportProgress records progress (0..1) of an export under way;
// an export already ready is left as it is.
func (tx *Tx) SetClipExportProgress(ctx context.Context, clipID string, progress float64) error {
	_, err := tx.exec(ctx, `UPDATE clip_exports SET status=?, progress=?, updated_at=? WHERE clip_id=? AND status <> ?`,
		domain.ClipExportExporting, progress, ms(tx.now), clipID, domain.ClipExportReady)
	return err
}

// ClipExport finds a clip's export; ErrNoRows when the clip has none.
func (tx *Tx) ClipExport(ctx context.Context, clipID string) (*domain.ClipExport, error) {
	return scanClipExport(tx.queryRow(ctx, `SELECT `+clipExportCols+` FROM clip_exports WHERE clip_id = ?`, clipID))
}

// ClipExports lists the exports of a recording's clips, by clip id.
func (tx *Tx) ClipExports(ctx context.Context, recordingID string) (map[string]*domain.ClipExport, error) {
	rows, err := tx.query(ctx, `SELECT `+clipExportCols+` FROM clip_exports WHERE recording_id = ?`, recordingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*domain.ClipExport{}
	for rows.Next() {
		e, err := scanClipExport(rows)
		if err != nil {
			return nil, err
		}
		out[e.ClipID] = e
	}
	return out, rows.Err()
}

func scanClipExport(row interface{ Scan(...any) error }) (*domain.ClipExport, error) {
	var e domain.ClipExport
	var updated int64
	err := row.Scan(&e.ClipID, &e.RecordingID, &e.Status, &e.Progress, &e.Error, &e.StartFrame, &e.EndFrame, &updated)
	if err != nil {
		return nil, err
	}
	e.UpdatedAt = fromMS(updated)
	return &e, nil
}

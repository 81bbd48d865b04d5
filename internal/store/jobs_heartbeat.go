package store

import (
	"context"
	"time"
)

// Beat records that a job is being worked now.
func (db *DB) Beat(ctx context.Context, jobID int64, now time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO job_heartbeats (job_id, at) VALUES (?, ?)
			ON CONFLICT (job_id) DO UPDATE SET at = excluded.at`, jobID, ms(now))
		return err
	})
}

// Unbeat forgets a job's heartbeat once its attempt is over.
func (db *DB) Unbeat(ctx context.Context, jobID int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM job_heartbeats WHERE job_id = ?`, jobID)
		return err
	})
}

// RescueStalled hands back to the queue every job River shows as running
// whose heartbeat is older than before: the process working it died. It
// returns the jobs' ids. (The state change is River's own "available", the
// attempt already counted.)
func (db *DB) RescueStalled(ctx context.Context, before time.Time) ([]int64, error) {
	var ids []int64
	err := db.Update(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT h.job_id FROM job_heartbeats h JOIN river_job j ON j.id = h.job_id
			WHERE h.at < ? AND j.state = 'running'`, ms(before))
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.exec(ctx, `UPDATE river_job SET state = 'available' WHERE id = ? AND state = 'running'`, id); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `DELETE FROM job_heartbeats WHERE at < ?`, ms(before))
		return err
	})
	return ids, err
}

// UnbeatingJobs lists the jobs River shows as running that have no
// heartbeat: a process died between taking the job and its first beat.
func (db *DB) UnbeatingJobs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT j.id FROM river_job j WHERE j.state = 'running'
			AND NOT EXISTS (SELECT 1 FROM job_heartbeats h WHERE h.job_id = j.id)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}

// RescueUnbeating hands back those of ids still running without a heartbeat.
func (db *DB) RescueUnbeating(ctx context.Context, ids []int64) ([]int64, error) {
	var done []int64
	err := db.Update(ctx, func(tx *Tx) error {
		for _, id := range ids {
			res, err := tx.exec(ctx, `UPDATE river_job SET state = 'available' WHERE id = ? AND state = 'running'
				AND NOT EXISTS (SELECT 1 FROM job_heartbeats h WHERE h.job_id = ?)`, id, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				done = append(done, id)
			}
		}
		return nil
	})
	return done, err
}

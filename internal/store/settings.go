package store

import "context"

// Setting reads a service setting; def when it was never set.
func (tx *Tx) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := tx.queryRow(ctx, `SELECT value FROM service_settings WHERE key = ?`, key).Scan(&v)
	if IsNotFound(err) {
		return def, nil
	}
	return v, err
}

// SetSetting writes a service setting.
func (tx *Tx) SetSetting(ctx context.Context, key, value, by string) error {
	if _, err := tx.exec(ctx, `DELETE FROM service_settings WHERE key = ?`, key); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO service_settings (key, value, updated_by, updated_at) VALUES (?,?,?,?)`, key, value, by, ms(tx.now))
	return err
}

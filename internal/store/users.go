package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

const userCols = `id, email, name, role, password_hash, password_set_at, totp_secret, totp_last_step,
	mfa_required, failed_logins, last_failed_at, disabled_at, created_at, updated_at`

// CreateUser inserts a new account. A taken e-mail address is an ECONFLICT.
//
// Every way an account is made ends the first-administrator setup: its links
// are deleted in the same transaction, so a setup racing with it either
// committed first or finds its link gone (the link row is locked by both).
func (tx *Tx) CreateUser(ctx context.Context, u *domain.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt, u.UpdatedAt = tx.now, tx.now
	if _, err := tx.exec(ctx, `DELETE FROM one_time_links WHERE purpose = ? AND used_at IS NULL`, domain.LinkSetup); err != nil {
		return fmt.Errorf("end the setup link: %w", err)
	}
	_, err := tx.exec(ctx, `INSERT INTO users (`+userCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		u.ID, u.Email, u.Name, string(u.Role), u.PasswordHash, ms(u.PasswordSetAt), u.TOTPSecret, u.TOTPLastStep,
		boolInt(u.MFARequired), u.FailedLogins, ms(u.LastFailedAt), nullMS(u.DisabledAt), ms(u.CreatedAt), ms(u.UpdatedAt))
	if isUniqueViolation(err) {
		return domain.FieldError("email", "There is already an account for %s.", u.Email)
	}
	return err
}

// UpdateUser writes every field of an existing account.
func (tx *Tx) UpdateUser(ctx context.Context, u *domain.User) error {
	u.UpdatedAt = tx.now
	_, err := tx.exec(ctx, `UPDATE users SET email=?, name=?, role=?, password_hash=?, password_set_at=?, totp_secret=?,
		totp_last_step=?, mfa_required=?, failed_logins=?, last_failed_at=?, disabled_at=?, updated_at=? WHERE id=?`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, ms(u.PasswordSetAt), u.TOTPSecret, u.TOTPLastStep,
		boolInt(u.MFARequired), u.FailedLogins, ms(u.LastFailedAt), nullMS(u.DisabledAt), ms(u.UpdatedAt), u.ID)
	if isUniqueViolation(err) {
		return domain.FieldError("email", "There is already an account for %s.", u.Email)
	}
	return err
}

// UserByID finds an account; ErrNoRows when there is none.
func (tx *Tx) UserByID(ctx context.Context, id string) (*domain.User, error) {
	return scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
}

// UserByEmail finds an account by e-mail address, case-insensitively.
func (tx *Tx) UserByEmail(ctx context.Context, email string) (*domain.User, error) {
	return scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))))
}

// Users lists every account, by name.
func (tx *Tx) Users(ctx context.Context) ([]*domain.User, error) {
	rows, err := tx.query(ctx, `SELECT `+userCols+` FROM users ORDER BY name, email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountUsers tells whether the service has any account yet.
func (tx *Tx) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

func scanUser(row interface{ Scan(...any) error }) (*domain.User, error) {
	var u domain.User
	var role string
	var mfa int
	var pwSet, lastFailed, created, updated int64
	var disabled sql.NullInt64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &pwSet, &u.TOTPSecret, &u.TOTPLastStep,
		&mfa, &u.FailedLogins, &lastFailed, &disabled, &created, &updated)
	if err != nil {
		return nil, err
	}
	u.Role, u.MFARequired = domain.Role(role), mfa != 0
	u.PasswordSetAt, u.LastFailedAt = fromMS(pwSet), fromMS(lastFailed)
	u.CreatedAt, u.UpdatedAt, u.DisabledAt = fromMS(created), fromMS(updated), fromNullMS(disabled)
	return &u, nil
}

// ReplaceRecoveryCodes stores a fresh set of recovery code hashes.
func (tx *Tx) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode marks an unused code as used; false when there was none.
func (tx *Tx) UseRecoveryCode(ctx context.Context, userID, hash string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
		ms(tx.now), userID, hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UnusedRecoveryCodes counts the codes left.
func (tx *Tx) UnusedRecoveryCodes(ctx context.Context, userID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkNotificationsRead marks an account's unread dashboard messages of one
// kind read (those about its own access, shown once at sign-in).
func (tx *Tx) MarkNotificationsRead(ctx context.Context, userID, kind string) error {
	_, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND kind = ? AND read_at IS NULL`, ms(tx.now), userID, kind)
	return err
}

package app

import (
	"context"
	"fmt"
	"github.com/attune-vig/attune/internal/accounts"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

func keysCmd(ctx context.Context, args []string, env Env) error {
	return withDeps(ctx, env, args, "keys", "rotate", nil, func(d *Deps) error {
		id, err := d.Keys.AddKey()
		if err != nil {
			return err
		}
		if err := d.Keys.Save(d.Cfg.MasterKeyFile); err != nil {
			return fmt.Errorf("save the key file with the new key: %w", err)
		}
		n, err := Rotate(ctx, d.DB, d.Keys)
		if err != nil {
			return fmt.Errorf("re-wrapping under key %s (safe to run again): %w", id, err)
		}
		fmt.Fprintf(env.Stdout, "New active key %s. Re-wrapped %d case keys, file keys and secrets; no video was re-encrypted.\n"+
			"Back up %s and the case key folder %s again now.\n", id, n, d.Cfg.MasterKeyFile, d.Cfg.CaseKeysDir)
		return nil
	})
}

// Rotate re-seals every case key, re-wraps every file key wrapped directly
// with a master key and re-seals every sealed secret under the key ring's
// active key. It can run again after an interruption.
func Rotate(ctx context.Context, db *store.DB, keys *vault.KeyRing) (int, error) {
	n, err := keys.RotateCaseKeys()
	if err != nil {
		return n, fmt.Errorf("case keys: %w", err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		files, err := tx.AllFiles(ctx)
		if err != nil {
			return err
		}
		for _, f := range files {
			w, err := keys.Rewrap(f.WrappedKey)
			if err != nil {
				return fmt.Errorf("file %s: %w", f.ID, err)
			}
			if err := tx.SetWrappedKey(ctx, f.ID, w); err != nil {
				return err
			}
			n++
		}
		m, err := rotateUploads(ctx, tx, keys)
		n += m
		if err != nil {
			return err
		}
		m, err = rotateFilmFiles(ctx, tx, keys)
		n += m
		if err != nil {
			return err
		}
		m, err = rotateFamilyMedia(ctx, tx, keys)
		n += m
		if err != nil {
			return err
		}
		m, err = rotateSecrets(ctx, tx, keys)
		n += m
		return err
	})
	return n, err
}

func rotateUploads(ctx context.Context, tx *store.Tx, keys *vault.KeyRing) (int, error) {
	recs, err := tx.UploadingRecordings(ctx)
	if err != nil {
		return 0, err
	}
	for _, r := range recs {
		if r.UploadKey, err = keys.Rewrap(r.UploadKey); err != nil {
			return 0, fmt.Errorf("upload %s: %w", r.ID, err)
		}
		if err := tx.UpdateRecording(ctx, r); err != nil {
			return 0, err
		}
	}
	return len(recs), nil
}

func rotateSecrets(ctx context.Context, tx *store.Tx, keys *vault.KeyRing) (int, error) {
	users, err := tx.Users(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range users {
		if u.TOTPSecret == "" {
			continue
		}
		plain, err := keys.OpenField(accounts.TOTPPurpose, u.TOTPSecret)
		if err != nil {
			return n, fmt.Errorf("second factor of %s: %w", u.Email, err)
		}
		if u.TOTPSecret, err = keys.SealField(accounts.TOTPPurpose, plain); err != nil {
			return n, err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

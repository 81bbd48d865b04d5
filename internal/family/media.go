package family

import (
	"context"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// MaxMedia is the largest picture or video the Resources page takes.
const MaxMedia = 64 << 20

// kinds of Resources file by the type their first bytes show.
var mediaTypes = map[string]string{"image/png": "image", "image/jpeg": "image", "image/gif": "image", "image/webp": "image",
	"video/mp4": "video", "video/webm": "video"}

// AddMedia stores an uploaded picture or short video, encrypted under its
// own key; the row is written only once the bytes are safe.
func (s *Service) AddMedia(ctx context.Context, a accounts.Actor, name string, src io.Reader) (*domain.FamilyMedia, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, domain.FieldError("file", "Choose a picture (PNG, JPEG, GIF, WebP) or a video (MP4, WebM) to upload.")
	}
	head = head[:n]
	ctype := strings.SplitN(http.DetectContentType(head), ";", 2)[0]
	kind, ok := mediaTypes[ctype]
	if !ok {
		return nil, domain.Errorf(domain.EUNSUPPORTED, "This file isn't a picture or video we can show (it looks like %s). Use PNG, JPEG, GIF or WebP for pictures, MP4 or WebM for videos.", ctype)
	}
	name = path.Base(strings.TrimSpace(name))
	if name == "" || name == "." || utf8.RuneCountInString(name) > 120 {
		name = kind
	}
	m := &domain.FamilyMedia{ID: auth.NewID(), Kind: kind, Name: name, ContentType: ctype, CreatedBy: a.ID()}
	m.BlobKey = "resources/" + m.ID
	size, wrapped, err := s.put(ctx, m, io.MultiReader(strings.NewReader(string(head)), src))
	if err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), m.BlobKey)
		return nil, err
	}
	m.Size, m.WrappedKey = size, wrapped
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.AddFamilyMedia(ctx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "resources.media.add", "family_media", m.ID, "", kind))
	})
	if err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), m.BlobKey)
	}
	return m, err
}

func (s *Service) put(ctx context.Context, m *domain.FamilyMedia, src io.Reader) (int64, []byte, error) {
	fk := vault.NewFileKey()
	wrapped, err := s.Keys.Wrap(fk)
	if err != nil {
		return 0, nil, err
	}
	src = &capped{r: src, left: MaxMedia}
	n, err := vault.PutSealed(src, fk, m.ID, func(r io.Reader) error { _, err := s.Blobs.Put(ctx, m.BlobKey, r); return err })
	return n, wrapped, err
}

// capped reads r and fails once it gives more than left bytes.
type capped struct {
	r    io.Reader
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, errTooLarge
	}
	p = p[:min(int64(len(p)), c.left+1)]
	n, err := c.r.Read(p)
	if c.left -= int64(n); c.left < 0 {
		return n, errTooLarge
	}
	return n, err
}

var errTooLarge = domain.Errorf(domain.ETOOLARGE, "This file is larger than 64 MB. Use a shorter video or a smaller picture.")

// MediaFile is an opened, decrypting Resources file.
type MediaFile struct {
	*vault.Reader
	Info   *domain.FamilyMedia
	closer io.Closer
}

// Close releases the stored object.
func (f *MediaFile) Close() error { return f.closer.Close() }

// OpenMedia opens a Resources file; the caller has checked the reader may
// see the Resources page.
func (s *Service) OpenMedia(ctx context.Context, id string) (*MediaFile, error) {
	var m *domain.FamilyMedia
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		m, err = tx.FamilyMediaByID(ctx, id)
		return err
	})
	if store.IsNotFound(err) {
		return nil, domain.NotFound("file")
	} else if err != nil {
		return nil, err
	}
	key, err := s.Keys.Unwrap(m.WrappedKey)
	if err != nil {
		return nil, err
	}
	obj, err := blob.OpenWarm(ctx, s.Blobs, m.BlobKey)
	if err != nil {
		return nil, err
	}
	rd, err := vault.OpenSource(obj, key, m.ID)
	if err != nil {
		obj.Close()
		return nil, err
	}
	return &MediaFile{Reader: rd, Info: m, closer: obj}, nil
}

// Media lists the uploaded files, for the administrator.
func (s *Service) Media(ctx context.Context, a accounts.Actor) ([]*domain.FamilyMedia, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	var out []*domain.FamilyMedia
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.AllFamilyMedia(ctx)
		return err
	})
	return out, err
}

// DeleteMedia removes an uploaded file and its bytes.
func (s *Service) DeleteMedia(ctx context.Context, a accounts.Actor, id string) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	var m *domain.FamilyMedia
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if m, err = tx.FamilyMediaByID(ctx, id); store.IsNotFound(err) {
			return domain.NotFound("file")
		} else if err != nil {
			return err
		}
		if err := tx.DeleteFamilyMedia(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "resources.media.delete", "family_media", id, "", ""))
	})
	if err == nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), m.BlobKey)
	}
	return err
}

// VideoIDs tells which uploaded files are videos, to show them as players.
func (s *Service) VideoIDs(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		ms, err := tx.AllFamilyMedia(ctx)
		for _, m := range ms {
			out[m.ID] = m.Kind == "video"
		}
		return err
	})
	return out, err
}

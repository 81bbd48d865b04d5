package sar

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/vault"
)

// readme is the first file in every export.
const readme = `This is everything attune holds about your family's work with your
guider: summary.html is for reading, data.json is the same in a form
programs can read, stills/ holds the still pictures taken from your recordings,
and films/ the short films made for you.
Names of other people that were asked to be left out show as [withheld].
`

// store writes the zip, encrypted under a fresh key, to the blob store.
func (s *Service) store(ctx context.Context, e *domain.SARExport, b *Bundle) error {
	fk := vault.NewFileKey()
	wrapped, err := s.Keys.WrapFor(vault.Scope{CaseID: e.CaseID, Purpose: vault.PurposeRecords}, fk) // erased with the case
	if err != nil {
		return err
	}
	e.WrappedKey = wrapped
	pr, pw := io.Pipe()
	go func() {
		enc := vault.NewWriter(pw, fk, e.ID)
		err := s.writeZip(ctx, enc, b)
		if err == nil {
			err = enc.Close()
		}
		pw.CloseWithError(err)
	}()
	n, err := s.Blobs.Put(ctx, e.BlobKey, pr)
	pr.CloseWithError(err)
	e.Size = n
	return err
}

func (s *Service) writeZip(ctx context.Context, w io.Writer, b *Bundle) error {
	z := zip.NewWriter(w)
	add := func(name string, body []byte) error {
		f, err := z.Create(name)
		if err == nil {
			_, err = f.Write(body)
		}
		return err
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	summary, err := s.Summary(b)
	if err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		body []byte
	}{{"README.txt", []byte(readme)}, {"summary.html", summary}, {"data.json", data}} {
		if err := add(part.name, part.body); err != nil {
			return err
		}
	}
	if err := s.addStills(ctx, z, b); err != nil {
		return err
	}
	if err := s.addFilmFiles(ctx, z, b); err != nil {
		return err
	}
	return z.Close()
}

// addStills decrypts each still's image into the zip.
func (s *Service) addStills(ctx context.Context, z *zip.Writer, b *Bundle) error {
	i := 0
	for _, f := range b.Films {
		for _, st := range f.Stills {
			src, err := s.Files.OpenStored(ctx, b.stills[i])
			if err != nil {
				return err
			}
			i++
			if err := addDecrypted(z, st.File, src); err != nil {
				return err
			}
		}
	}
	return nil
}

// addFilmFiles decrypts each rendered film into the zip.
func (s *Service) addFilmFiles(ctx context.Context, z *zip.Writer, b *Bundle) error {
	i := 0
	for _, f := range b.EditedFilms {
		if f.File == "" {
			continue
		}
		src, err := films.Open(ctx, s.Keys, s.Blobs, b.films[i])
		if err != nil {
			return fmt.Errorf("film %q: %w", f.Title, err)
		}
		i++
		if err := addDecrypted(z, f.File, src); err != nil {
			return err
		}
	}
	return nil
}

// addDecrypted copies an opened (decrypting) file into the zip as name,
// stored as it is (video and pictures don't compress), and closes it.
func addDecrypted(z *zip.Writer, name string, src io.ReadCloser) error {
	defer src.Close()
	dst, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return err
}

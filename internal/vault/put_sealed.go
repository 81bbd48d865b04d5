package vault

import "io"

// PutSealed encrypts src under key, bound to fileID, and streams the
// ciphertext to put (a blob store's Put) as it is made, so nothing
// plaintext or whole is held. It returns the plaintext length. An error
// reading src reaches put through its reader; if put gives up early, the
// encrypter is stopped.
func PutSealed(src io.Reader, key FileKey, fileID string, put func(io.Reader) error) (int64, error) {
	pr, pw := io.Pipe()
	type sealed struct {
		n   int64
		err error
	}
	done := make(chan sealed, 1)
	go func() {
		w := NewWriter(pw, key, fileID)
		n, err := io.Copy(w, src)
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
		done <- sealed{n, err}
	}()
	err := put(pr)
	pr.CloseWithError(io.ErrClosedPipe) // unblocks the encrypter if put gave up
	s := <-done
	if err == nil && s.err != nil && s.err != io.ErrClosedPipe {
		err = s.err
	}
	return s.n, err
}

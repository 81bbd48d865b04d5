package upload

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	tusd "github.com/tus/tusd/v2/pkg/handler"
)

// basePath is where the endpoint is mounted.
const basePath = "/api/v1/uploads/"

// validID is the form of upload ids made by the server; anything else is
// refused before it reaches a file name.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$`)

type uploadCtxKey struct{}

// router checks the path, authorizes every request through Hooks.Lookup and
// hands HEAD and PATCH to tusd.
type router struct {
	st  *store
	tus *tusd.UnroutedHandler
	mw  http.Handler
}

func newRouter(st *store) (http.Handler, error) {
	composer := tusd.NewStoreComposer()
	composer.UseCore(st)
	composer.UseLocker(tusLocker{st.cfg.Locks})
	tus, err := tusd.NewUnroutedHandler(tusd.Config{
		BasePath: basePath, StoreComposer: composer,
		DisableDownload: true, DisableTermination: true, DisableConcatenation: true,
		NetworkTimeout: 30 * time.Second,
		Logger:         tusLogger(st.cfg.Log),
	})
	if err != nil {
		return nil, err
	}
	rt := &router{st: st, tus: tus}
	// tusd's handlers take the upload id from a path with the base path
	// stripped, as its own router does.
	rt.mw = tus.Middleware(http.StripPrefix(basePath, http.HandlerFunc(rt.dispatch)))
	return rt, nil
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutPrefix(r.URL.Path, basePath)
	if !ok || !validID.MatchString(id) {
		http.Error(w, "There is no upload at this address.", http.StatusNotFound)
		return
	}
	switch method(r) {
	case http.MethodOptions:
	case http.MethodHead, http.MethodPatch:
		up, err := rt.st.cfg.Hooks.Lookup(r, id)
		if err != nil {
			writeDomainError(w, r, err)
			return
		}
		if up.Done {
			rt.st.forgetJoined(r.Context(), up)
			answerDone(w, r, up)
			return
		}
		ctx := context.WithValue(r.Context(), uploadCtxKey{}, up)
		if method(r) == http.MethodPatch && r.Header.Get("Content-Type") != "application/offset+octet-stream" {
			http.Error(w, "A tus PATCH must have Content-Type: application/offset+octet-stream.", http.StatusUnsupportedMediaType)
			return
		}
		if method(r) == http.MethodPatch {
			ctx, r.Body = guardBody(ctx, up, r.Header.Get("Upload-Offset"), r.Body)
		}
		r = r.WithContext(ctx)
	default:
		w.Header().Set("Allow", "OPTIONS, HEAD, PATCH")
		http.Error(w, "This upload address accepts only tus HEAD and PATCH requests.", http.StatusMethodNotAllowed)
		return
	}
	rt.mw.ServeHTTP(w, r)
}

// method returns the request's method after tus's X-HTTP-Method-Override.
func method(r *http.Request) string {
	if m := r.Header.Get("X-HTTP-Method-Override"); r.Method == http.MethodPost && m != "" {
		return m
	}
	return r.Method
}

// dispatch runs after tusd's middleware (version check, OPTIONS).
func (rt *router) dispatch(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		rt.tus.HeadFile(w, r)
		return
	}
	rt.tus.PatchFile(w, r)
}

// uploadFrom returns the upload Lookup attached to the request.
func uploadFrom(ctx context.Context, id string) (*Upload, error) {
	up, _ := ctx.Value(uploadCtxKey{}).(*Upload)
	if up == nil || up.ID != id {
		return nil, tusd.ErrNotFound
	}
	return up, nil
}

// writeDomainError answers a refused Lookup with the error's status and
// public message.
func writeDomainError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch domain.ErrorCode(err) {
	case domain.ENOTFOUND:
		status = http.StatusNotFound
	case domain.EFORBIDDEN:
		status = http.StatusForbidden
	case domain.EUNAUTHORIZED:
		status = http.StatusUnauthorized
	case domain.ECONFLICT:
		status = http.StatusConflict
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		slog.Error("upload: lookup failed", "path", r.URL.Path, "error", err)
	}
	w.Header().Set("Tus-Resumable", "1.0.0")
	http.Error(w, domain.ErrorMessage(err), status)
}

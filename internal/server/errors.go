package server

import (
	"encoding/json"
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
)

// statusOf maps error codes to HTTP statuses, in one table.
var statusOf = map[string]int{
	domain.EINVALID:      http.StatusBadRequest,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.ECONFLICT:     http.StatusConflict,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ETOOMANY:      http.StatusTooManyRequests,
	domain.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	domain.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	domain.EINTERNAL:     http.StatusInternalServerError,
	domain.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// Status is the HTTP status for an error.
func Status(err error) int {
	if s, ok := statusOf[domain.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// WriteJSON writes v as JSON with a status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// APIError is the JSON API's error body: {"error":{"code","message","field"}}.
type APIError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// WriteError writes err as the JSON API's error body.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var body APIError
	body.Error.Code, body.Error.Message = domain.ErrorCode(err), domain.ErrorMessage(err)
	if e, ok := err.(*domain.Error); ok {
		body.Error.Field = e.Field
	}
	status := Status(err)
	if status == http.StatusInternalServerError {
		LogError(r, err)
	}
	WriteJSON(w, status, body)
}

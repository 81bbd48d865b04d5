// Package domain holds the types every other package speaks in: users, cases,
// audit entries, and coded errors that carry a message a person can act on.
package domain

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in one table (see server).
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOMANY      = "too_many_requests"
	ETOOLARGE     = "too_large"
	EUNSUPPORTED  = "unsupported_media_type"
	EINTERNAL     = "internal"
	EUNAVAILABLE  = "unavailable" // a service attune depends on isn't answering
)

// Error is an error with a code and a safe, public message. The internal
// cause, if any, is kept apart and never shown to the user.
type Error struct {
	Code    string
	Message string
	Field   string // the form field or JSON member at fault, when there is one
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns a coded error with a formatted public message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for an uncoded error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the public message of err; uncoded errors get a
// generic message so internal detail never leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again; if it keeps happening, tell your administrator."
}

// NotFound is the one answer for a record that is missing or not yours.
func NotFound(what string) *Error {
	return Errorf(ENOTFOUND, "We couldn't find that %s. It may have been removed, or it isn't shared with you.", what)
}

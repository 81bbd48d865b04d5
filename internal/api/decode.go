package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// decode reads a JSON body into v strictly: the right content type, well
// formed, no unknown members, one value. Each failure says what to fix.
func decode(r *http.Request, v any) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return domain.Errorf(domain.EUNSUPPORTED, "Send the body as JSON with the header Content-Type: application/json.")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return domain.Errorf(domain.EINVALID, "The body must hold one JSON object and nothing after it.")
	}
	return nil
}

func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &syntax):
		return domain.Errorf(domain.EINVALID, "The body isn't valid JSON (problem at byte %d).", syntax.Offset)
	case errors.As(err, &typ):
		return domain.FieldError(typ.Field, "%q should be a %s, not a JSON %s.", typ.Field, typeName(typ.Type.Kind().String()), typ.Value)
	case errors.As(err, &tooBig):
		return domain.Errorf(domain.ETOOLARGE, "The body is too large; the limit is %d bytes.", tooBig.Limit)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Errorf(domain.EINVALID, "The body is empty or cut short; send a complete JSON object.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return domain.FieldError(f, "%q isn't a field we know here. Check the spelling against /api/v1/openapi.json.", f)
	}
	return domain.Errorf(domain.EINVALID, "The body couldn't be read as JSON: %s.", err.Error())
}

func typeName(kind string) string {
	switch kind {
	case "int", "int64", "float64":
		return "number"
	case "slice":
		return "list"
	case "struct", "map":
		return "object"
	case "bool":
		return "true or false"
	}
	return kind
}

// required names a missing member.
func required(field string) error {
	return domain.FieldError(field, "%q is required.", field)
}

package web

import (
	"errors"
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
)

// Form carries what was typed and what to fix, for the error summary at the
// top of the page and the message beside each field.
type Form struct {
	Values  map[string]string
	Errors  map[string]string
	Order   []string // fields with errors, in the order they appear
	Message string   // an error not tied to one field
}

func newForm(r *http.Request, fields ...string) *Form {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, name := range fields {
		f.Values[name] = r.PostFormValue(name)
	}
	return f
}

// Get returns a submitted value.
func (f *Form) Get(name string) string { return f.Values[name] }

// Error returns the message for a field, if any.
func (f *Form) Error(name string) string { return f.Errors[name] }

// HasErrors tells whether there is anything to fix.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 || f.Message != "" }

// Fail records an error from the domain against its field, or as a message.
func (f *Form) Fail(err error) {
	var e *domain.Error
	if errors.As(err, &e) && e.Field != "" {
		if _, seen := f.Errors[e.Field]; !seen {
			f.Order = append(f.Order, e.Field)
		}
		f.Errors[e.Field] = e.Message
		return
	}
	f.Message = domain.ErrorMessage(err)
}

// Summary lists the errors for the summary box, each linking to its field.
func (f *Form) Summary() []struct{ Field, Message string } {
	var out []struct{ Field, Message string }
	for _, name := range f.Order {
		out = append(out, struct{ Field, Message string }{name, f.Errors[name]})
	}
	return out
}

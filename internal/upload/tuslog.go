package upload

import (
	"context"
	"log/slog"

	expslog "golang.org/x/exp/slog"
)

// tusLogger hands tusd, which logs through golang.org/x/exp/slog, attune's
// own logger (its format and destination), from warnings up.
func tusLogger(l *slog.Logger) *expslog.Logger {
	if l == nil {
		l = slog.Default()
	}
	return expslog.New(expHandler{l.Handler()})
}

// expHandler is an x/exp/slog handler that passes records on to a log/slog one.
type expHandler struct{ h slog.Handler }

func (e expHandler) Enabled(ctx context.Context, l expslog.Level) bool {
	return l >= expslog.LevelWarn && e.h.Enabled(ctx, slog.Level(l))
}

func (e expHandler) Handle(ctx context.Context, r expslog.Record) error {
	out := slog.NewRecord(r.Time, slog.Level(r.Level), r.Message, r.PC)
	r.Attrs(func(a expslog.Attr) bool {
		out.AddAttrs(attrOf(a))
		return true
	})
	return e.h.Handle(ctx, out)
}

func (e expHandler) WithAttrs(as []expslog.Attr) expslog.Handler {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = attrOf(a)
	}
	return expHandler{e.h.WithAttrs(out)}
}

func (e expHandler) WithGroup(name string) expslog.Handler { return expHandler{e.h.WithGroup(name)} }

// attrOf converts one attribute, groups included.
func attrOf(a expslog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() != expslog.KindGroup {
		return slog.Any(a.Key, v.Any())
	}
	var members []any
	for _, m := range v.Group() {
		members = append(members, attrOf(m))
	}
	return slog.Group(a.Key, members...)
}

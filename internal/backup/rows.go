package backup

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// The PostgreSQL export is JSON lines: a header {"table":…,"columns":[…]}
// before each table's rows, and each row an array of values. Numbers are
// integers; floats, bytes and times are tagged objects, so each comes back
// as the type it left.

type tableHeader struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
}

// rowWriter is a store.TableSink writing JSON lines.
type rowWriter struct {
	w    *bufio.Writer
	rows int64
}

func (rw *rowWriter) Table(name string, columns []string) error {
	return rw.line(tableHeader{Table: name, Columns: columns})
}

func (rw *rowWriter) Row(values []any) error {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = encodeValue(v)
	}
	rw.rows++
	return rw.line(out)
}

func (rw *rowWriter) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	rw.w.Write(b)
	return rw.w.WriteByte('\n')
}

func encodeValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return map[string]string{"b": base64.StdEncoding.EncodeToString(x)}
	case float64:
		return map[string]float64{"f": x}
	case float32:
		return map[string]float64{"f": float64(x)}
	case time.Time:
		return map[string]string{"t": x.Format(time.RFC3339Nano)}
	default: // nil, bool, string, integers
		return x
	}
}

// readRows reads an export back, calling table for each header and row for
// each row.
func readRows(r io.Reader, table func(tableHeader) error, row func([]any) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) > 0 && line[0] == '{' {
			var h tableHeader
			if err := json.Unmarshal(line, &h); err != nil {
				return fmt.Errorf("table header: %w", err)
			}
			if err := table(h); err != nil {
				return err
			}
			continue
		}
		vals, err := decodeRow(line)
		if err != nil {
			return err
		}
		if err := row(vals); err != nil {
			return err
		}
	}
	return sc.Err()
}

func decodeRow(line []byte) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(string(line)))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("row: %w", err)
	}
	for i, v := range raw {
		d, err := decodeValue(v)
		if err != nil {
			return nil, err
		}
		raw[i] = d
	}
	return raw, nil
}

func decodeValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		return x.Int64()
	case map[string]any:
		if s, ok := x["b"].(string); ok {
			return base64.StdEncoding.DecodeString(s)
		}
		if f, ok := x["f"].(json.Number); ok {
			return f.Float64()
		}
		if s, ok := x["t"].(string); ok {
			return time.Parse(time.RFC3339Nano, s)
		}
		return nil, fmt.Errorf("row: unknown value %v", x)
	default:
		return x, nil
	}
}

func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<16) }

package api

import "testing"

func TestSingleRange(t *testing.T) {
	cases := []struct {
		header               string
		start, length        int64
		partial, handledHere bool
	}{
		{"", 0, 1000, false, true},
		{"bytes=0-", 0, 1000, true, true},
		{"bytes=0-99", 0, 100, true, true},
		{"bytes=990-2000", 990, 10, true, true},
		{"bytes=-10", 990, 10, true, true},
		{"bytes=-5000", 0, 1000, true, true},
		{"bytes=1000-", 0, 0, false, false},
		{"bytes=5-1", 0, 0, false, false},
		{"bytes=0-1,5-9", 0, 0, false, false},
		{"items=0-1", 0, 0, false, false},
		{"bytes=x-1", 0, 0, false, false},
		{"bytes=-0", 0, 0, false, false},
	}
	for _, c := range cases {
		s, l, p, ok := singleRange(c.header, 1000)
		if ok != c.handledHere || (ok && (s != c.start || l != c.length || p != c.partial)) {
			t.Errorf("singleRange(%q) = %d, %d, %v, %v; want %d, %d, %v, %v", c.header, s, l, p, ok, c.start, c.length, c.partial, c.handledHere)
		}
	}
}

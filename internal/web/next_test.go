package web

import "testing"

func TestSafeNextKeepsOnlyLocalPaths(t *testing.T) {
	cases := []struct{ in, want string }{
		{"/", "/"},
		{"/cases/abc", "/cases/abc"},
		{"/cases/abc?tab=notes#h-goals", "/cases/abc?tab=notes#h-goals"},
		{"/family/films", "/family/films"},
		{"", "/"},
		{"cases/abc", "/"},
		{"//evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"/\\evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"\\\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/\x00", "/"},
		{"/\u0085/evil.example", "/"},
		{"/%zz", "/"},
		{" /cases", "/"},
	}
	for _, c := range cases {
		if got := safeNext(c.in); got != c.want {
			t.Errorf("safeNext(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

package web

import (
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/family"
)

func TestResourcesMarkdownIsSafe(t *testing.T) {
	video, pic := strings.Repeat("a", 26), strings.Repeat("b", 26)
	cases := []struct {
		name, in string
		want     []string
		never    []string
	}{
		{"headings and lists", "# Hello\n\n- one\n- two", []string{"<h1", "Hello</h1>", "<li>one</li>"}, nil},
		{"raw script", "Hi <script>alert(1)</script>", []string{"Hi"}, []string{"<script", "alert(1)</script>"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"click"}, []string{"javascript:"}},
		{"event handler", `<img src=x onerror=alert(1)>`, nil, []string{"onerror"}},
		{"outside link", "[the association](https://example.org/vig)", []string{`href="https://example.org/vig"`, `rel="nofollow`}, nil},
		{"outside picture", "![x](https://evil.example/p.png)", nil, []string{"evil.example"}},
		{"uploaded picture", "![a drawing](/resources/media/" + pic + ")", []string{`<img src="/resources/media/` + pic + `" alt="a drawing"`}, nil},
		{"uploaded video", "![our clinic](/resources/media/" + video + ")", []string{`<video controls`, `src="/resources/media/` + video + `"`, `aria-label="our clinic"`}, []string{"<img"}},
	}
	for _, c := range cases {
		got, err := renderMarkdown(c.in, map[string]bool{video: true, pic: false})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(got), w) {
				t.Errorf("%s: want %q in %s", c.name, w, got)
			}
		}
		for _, n := range c.never {
			if strings.Contains(string(got), n) {
				t.Errorf("%s: %q must not be in %s", c.name, n, got)
			}
		}
	}
}

func TestDefaultResourcesRender(t *testing.T) {
	got, err := renderMarkdown(family.DefaultResources, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"What happens in the work", "How filming and consent work", "What happens to the recordings", "Questions families often ask"} {
		if !strings.Contains(string(got), w) {
			t.Errorf("the default Resources page has no %q", w)
		}
	}
}

// Every family message exists in every shipped language with the same
// placeholders, and a service's language is checked the same way.
func TestFamilyCatalogues(t *testing.T) {
	en := familyEnglish()
	if len(en) < 50 {
		t.Fatalf("only %d family messages", len(en))
	}
	for _, l := range builtInLangs {
		cat := map[string]string{}
		for k := range en {
			cat[k] = catalogue[l.Code][k]
		}
		b := mustJSON(t, cat)
		if _, err := family.CheckCatalogue(b, en); err != nil {
			t.Errorf("%s: %v", l.Code, err)
		}
	}
}

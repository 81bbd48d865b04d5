package films

import (
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
)

func TestFilmHold(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name    string
		seconds *float64
		want    float64
		ok      bool
	}{
		{"default", nil, DefaultStill, true},
		{"shortest", f(0.5), 0.5, true},
		{"longest", f(60), 60, true},
		{"zero", f(0), 0, false},
		{"a quarter", f(0.25), 0, false},
		{"ten thousand", f(10000), 0, false},
		{"negative", f(-3), 0, false},
	}
	for _, c := range cases {
		it := domain.FilmItem{}
		err := hold(&it, 2, c.seconds, DefaultStill)
		if (err == nil) != c.ok || (c.ok && it.Seconds != c.want) {
			t.Errorf("%s: seconds %v, err %v", c.name, it.Seconds, err)
		}
		if err != nil && (domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "Item 2")) {
			t.Errorf("%s: error %v should be invalid and name the item", c.name, err)
		}
	}
}

func TestFilmTitleSpeedAndIDs(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{{"Blocks", true}, {"  \t ", false}, {strings.Repeat("é", MaxTitle), true}, {strings.Repeat("é", MaxTitle+1), false}} {
		if _, err := checkTitle(c.in); (err == nil) != c.ok {
			t.Errorf("title %q: %v", c.in, err)
		}
	}
	if got, _ := checkTitle(" Bath\x07 time "); got != "Bath time" {
		t.Errorf("title cleaned to %q", got)
	}
	for v, ok := range map[float64]bool{1: true, 0.5: true, 0.25: true, 2: false, 0: false, 0.75: false} {
		if allowedSpeed(v) != ok {
			t.Errorf("speed %g allowed %v", v, !ok)
		}
	}
	for id, ok := range map[string]bool{"abc_DEF-123": true, "": true, "a b": false, "<x>": false, strings.Repeat("a", 41): false} {
		if validItemID(id) != ok {
			t.Errorf("item id %q valid %v", id, !ok)
		}
	}
	if got := text(" one\r\ntwo\x00 "); got != "one\ntwo" {
		t.Errorf("text cleaned to %q", got)
	}
}

package lifecycle_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// A letter whose own words already greet the family gets no second
// greeting; words that only happen to start like one still get it.
func TestStartsWithGreeting(t *testing.T) {
	cases := []struct {
		text  string
		greet bool
	}{
		{"Dear Ann, thank you.", true},
		{"Dear both,\nIt was a pleasure.", true},
		{"  Hello Sam and Ann! It was lovely.", true},
		{"Hi Ann, we did it.", true},
		{"Liebe Ann, danke.", true},
		{"Querida Ana, gracias.", true},
		{"שלום דני ומאיה, תודה", true},
		{"عزيزتي سارة، شكرا", true},
		{"Ann and Sam,\nthank you.", true},
		{"Maya, you saw how much Leo looks to you, and how waiting helps him come to you.", false},
		{"History shows we all learn.", false},
		{"Thank you for the time we spent together.", false},
		{"", false},
	}
	for _, c := range cases {
		if got := lifecycle.StartsWithGreeting(c.text); got != c.greet {
			t.Errorf("StartsWithGreeting(%q) = %v, want %v", c.text, got, c.greet)
		}
	}
}

func TestLetterGreetingAndHeadings(t *testing.T) {
	c := &domain.Case{Participants: []domain.Participant{{Role: "adult", Name: "Ann"}, {Role: "adult", Name: "Sam"}, {Role: "child", Name: "Leo"}}}
	if got := lifecycle.LetterGreeting(c); got != "Dear Ann and Sam," {
		t.Errorf("greeting %q", got)
	}
	if got := lifecycle.ChildNowHeading(c); got != "Leo now, in your words" {
		t.Errorf("child heading %q", got)
	}
	none := &domain.Case{}
	if lifecycle.LetterGreeting(none) != "Dear family," || lifecycle.ChildNowHeading(none) != "Your child now, in your words" {
		t.Errorf("without names: %q, %q", lifecycle.LetterGreeting(none), lifecycle.ChildNowHeading(none))
	}
}

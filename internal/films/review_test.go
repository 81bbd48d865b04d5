package films

import "testing"

func TestLabelWords(t *testing.T) {
	for _, c := range []struct{ label, words, want string }{
		{"Waiting", "I waited.", "Waiting: I waited."},
		{"What he was watching.", "He is looking at me.", "What he was watching. He is looking at me."},
		{"Did you see that?", "Yes.", "Did you see that? Yes."},
		{"Look!  ", "He did.", "Look! He did."},
		{"“He smiled.”", "Yes.", "“He smiled.” Yes."},
		{"Together…", "We laughed.", "Together… We laughed."},
		{"A block (red)", "Mine.", "A block (red): Mine."},
		{"", "Only words.", "Only words."},
	} {
		if got := LabelWords(c.label, c.words); got != c.want {
			t.Errorf("LabelWords(%q, %q) = %q, want %q", c.label, c.words, got, c.want)
		}
	}
}

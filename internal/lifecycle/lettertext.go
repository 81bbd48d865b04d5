package lifecycle

import (
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/domain"
)

// LetterGreeting is how the closing letter greets the family: "Dear Ann,"
// or "Dear Ann and Sam,", or "Dear family," when no adult is named.
func LetterGreeting(c *domain.Case) string {
	var adults []string
	for _, p := range c.Participants {
		if p.Role != domain.ParticipantChild {
			adults = append(adults, p.Name)
		}
	}
	if len(adults) == 0 {
		return "Dear family,"
	}
	return "Dear " + joinNames(adults) + ","
}

// greetingWords open a letter in the languages families write in most.
var greetingWords = []string{"dear", "hi ", "hi,", "hello", "liebe", "hallo", "beste ", "cher ", "chère", "chers", "bonjour",
	"querid", "hola", "estimad", "ciao", "sevgili", "merhaba", "здравствуй", "дорог", "привет",
	"שלום", "יקר", "عزيز", "مرحبا", "السلام", "親愛", "你好", "안녕"}

// StartsWithGreeting tells whether a letter's own words already greet
// the family ("Dear Ann, …", "Liebe Ann, …", "Hi both!"): then the letter
// adds no greeting of its own. A short first line that ends in a comma
// counts as a greeting too ("Ann and Sam,").
func StartsWithGreeting(text string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	first = strings.TrimSpace(first)
	if first == "" {
		return false
	}
	low := strings.ToLower(first)
	for _, g := range greetingWords {
		if strings.HasPrefix(low, g) {
			return true
		}
	}
	last, _ := utf8.DecodeLastRuneInString(first)
	return utf8.RuneCountInString(first) <= 40 && strings.ContainsRune(",!،", last)
}

// ChildNowHeading names the section with how the family describes their
// child at the ending: "Sam now, in your words".
func ChildNowHeading(c *domain.Case) string {
	var children []string
	for _, p := range c.Participants {
		if p.Role == domain.ParticipantChild {
			children = append(children, p.Name)
		}
	}
	if len(children) == 0 {
		return "Your child now, in your words"
	}
	return joinNames(children) + " now, in your words"
}

func childNames(c *domain.Case) string {
	var children []string
	for _, p := range c.Participants {
		if p.Role == domain.ParticipantChild {
			children = append(children, p.Name)
		}
	}
	if len(children) == 0 {
		return "your child"
	}
	return joinNames(children)
}

func joinNames(ns []string) string {
	if len(ns) <= 1 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

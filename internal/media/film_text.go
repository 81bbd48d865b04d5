package media

import (
	"strings"
	"unicode/utf8"
)

// maxLines caps how many lines of text a card or caption shows.
const maxLines = 6

// charsPerLine estimates how many characters of a font size fit in share
// of a width (DejaVu Sans averages a little over half an em per character).
func charsPerLine(width, size int, share float64) int {
	return max(int(float64(width)*share/(float64(size)*0.56)), 8)
}

// wrap breaks text into lines of at most n characters at spaces (a longer
// word is cut), keeping the writer's own line breaks, at most maxLines
// (the last ends with "…" if text was left out).
func wrap(text string, n int) []string {
	var lines []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for utf8.RuneCountInString(word) > n {
				r := []rune(word)
				if line != "" {
					lines, line = append(lines, line), ""
				}
				lines, word = append(lines, string(r[:n])), string(r[n:])
			}
			switch {
			case line == "":
				line = word
			case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= n:
				line += " " + word
			default:
				lines, line = append(lines, line), word
			}
		}
		lines = append(lines, line)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], strings.TrimSpace(lines[maxLines-1])+" …")
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

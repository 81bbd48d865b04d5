package web

import (
	"bytes"
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// The Resources page is Markdown an administrator writes. goldmark renders
// it without raw HTML; bluemonday then keeps only safe elements and links,
// so nothing the text says can run script or reach another site's images.
var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.Table))
	safeHTML = func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		p.AllowStandardURLs()
		p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i",
			"blockquote", "code", "pre", "del", "table", "thead", "tbody", "tr", "th", "td")
		p.AllowAttrs("href").OnElements("a")
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		// Pictures come only from the service's own uploads: no tracking
		// pixels or pictures from other sites.
		p.AllowAttrs("src").Matching(regexp.MustCompile(`^/resources/media/[a-z2-7]{26}$`)).OnElements("img")
		p.AllowAttrs("alt").OnElements("img")
		return p
	}()
	mediaImg = regexp.MustCompile(`<img src="/resources/media/([a-z2-7]{26})" alt="([^"]*)"[^>]*>`)
)

// renderMarkdown turns the page's Markdown into safe HTML; pictures that
// are uploaded videos become players.
func renderMarkdown(src string, videos map[string]bool) (template.HTML, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	clean := safeHTML.SanitizeBytes(buf.Bytes())
	clean = mediaImg.ReplaceAllFunc(clean, func(m []byte) []byte {
		parts := mediaImg.FindSubmatch(m)
		if !videos[string(parts[1])] {
			return m
		}
		return []byte(`<video controls preload="metadata" playsinline src="/resources/media/` + string(parts[1]) +
			`" aria-label="` + string(parts[2]) + `"></video>`)
	})
	return template.HTML(clean), nil
}

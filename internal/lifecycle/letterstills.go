package lifecycle

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"
)

const (
	stillGap     = 6.0
	stillW       = (textW - stillGap) / 2
	maxStillH    = 110.0
	captionSpace = 1.5
)

// placedStill is a still registered on the page with the size it takes.
type placedStill struct {
	name    string
	w, h    float64
	caption string
}

// stills places the pictures two to a row, each with its caption under
// it. A row starts a page when it does not fit, so a still and its caption
// are never apart, and the heading goes with the first row.
func (l *letter) stills(stills []LetterStill) {
	var ps []placedStill
	for i, st := range stills {
		name := fmt.Sprintf("still-%d", i)
		info := l.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(st.PNG))
		if info == nil || l.pdf.Err() || info.Width() == 0 {
			l.pdf.ClearError()
			continue
		}
		w := stillW
		h := w * info.Height() / info.Width()
		if h > maxStillH {
			w, h = w*maxStillH/h, maxStillH
		}
		ps = append(ps, placedStill{name, w, h, st.Caption})
	}
	for i := 0; i < len(ps); i += 2 {
		row := ps[i:min(i+2, len(ps))]
		h := l.rowHeight(row)
		if i == 0 {
			l.heading("Moments from your recordings", section, h)
		}
		l.room(h)
		l.row(row)
	}
}

func (l *letter) rowHeight(row []placedStill) float64 {
	h := 0.0
	for _, p := range row {
		h = max(h, p.h+captionSpace+l.tw.Height(p.caption, small, stillW))
	}
	return h + 4
}

func (l *letter) row(row []placedStill) {
	y := l.pdf.GetY()
	bottom := y
	for i, p := range row {
		x := margin + float64(i)*(stillW+stillGap)
		l.pdf.ImageOptions(p.name, x, y, p.w, p.h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		l.pdf.SetY(y + p.h + captionSpace)
		l.tw.Paragraph(x, stillW, p.caption, small)
		bottom = max(bottom, l.pdf.GetY())
	}
	l.pdf.SetY(bottom + 4)
}

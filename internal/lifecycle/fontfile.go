package lifecycle

// FontTTF is the embedded DejaVu Sans (see fonts/LICENSE), for other parts
// that draw text (a film's title cards and captions).
func FontTTF() []byte { return fontRegular }

package media

import "fmt"

// RejectError says a file is not a video we accept. Its message is safe to
// show to the person who uploaded it.
type RejectError struct {
	Reason string // short, lower case: "it looks like a text file"
}

func (e *RejectError) Error() string {
	return fmt.Sprintf("This file isn't a video we can read (%s). "+
		"Try exporting it again from your phone's camera app.", e.Reason)
}

func reject(format string, args ...any) error {
	return &RejectError{Reason: fmt.Sprintf(format, args...)}
}

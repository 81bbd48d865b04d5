package mail

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// fakeSMTP accepts one message and hands back what it was sent.
func fakeSMTP(t *testing.T) (string, chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		ln.Close()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { conn.Write([]byte(s + "\r\n")) }
		say("220 fake")
		var data strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch {
			case inData && line == ".\r\n":
				inData = false
				say("250 ok")
			case inData:
				data.WriteString(line)
			case strings.HasPrefix(line, "EHLO"):
				say("250 fake")
			case strings.HasPrefix(line, "DATA"):
				inData = true
				say("354 go on")
			case strings.HasPrefix(line, "QUIT"):
				say("221 bye")
				got <- data.String()
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSend(t *testing.T) {
	addr, got := fakeSMTP(t)
	m, err := New("smtp://"+addr, "attune@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), "guider@example.org", "A link for you", "Hello\n.hidden dot line"); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-got:
		if !strings.Contains(msg, "To: guider@example.org\r\n") || !strings.Contains(msg, "\r\n..hidden dot line\r\n") {
			t.Errorf("message: %q", msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
	}
}

func TestRefusals(t *testing.T) {
	if m, err := New("", ""); m != nil || err != nil {
		t.Errorf("no URL means no mailer: %v %v", m, err)
	}
	for _, c := range [][2]string{{"http://x", "a@b"}, {"smtp://mail.example.org", ""}, {"smtp://mail.example.org", "a@b\r\nBcc: x"}} {
		if _, err := New(c[0], c[1]); err == nil {
			t.Errorf("%q %q accepted", c[0], c[1])
		}
	}
	m, _ := New("smtp://mail.example.org", "attune@example.org")
	if _, err := m.Message("a@b\r\nBcc: evil@example.org", "x", "y", time.Now()); err == nil {
		t.Error("a line break in a header must be refused")
	}
}

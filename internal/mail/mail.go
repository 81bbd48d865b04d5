// Package mail sends attune's few e-mails (a parent's questionnaire link, a
// risk alert to the guider) through the service's SMTP server, with net/smtp.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Mailer sends plain-text e-mail through one SMTP server.
type Mailer struct {
	host, port string
	implicit   bool // smtps://: TLS from the first byte
	user, pass string
	from       string
}

// New reads smtp://user:pass@host:587 (STARTTLS when the server offers it) or
// smtps://user:pass@host:465 (TLS throughout). An empty URL means no e-mail: nil.
func New(rawURL, from string) (*Mailer, error) {
	if rawURL == "" {
		return nil, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("the SMTP address should look like smtp://user:password@mail.example.org:587 or smtps://…:465")
	}
	if from == "" || strings.ContainsAny(from, "\r\n") || !strings.Contains(from, "@") {
		return nil, fmt.Errorf("set --smtp-from (ATTUNE_SMTP_FROM) to the address e-mails come from, e.g. attune@example.org")
	}
	m := &Mailer{host: u.Hostname(), port: u.Port(), implicit: u.Scheme == "smtps", from: from}
	if m.port == "" {
		m.port = map[bool]string{true: "465", false: "587"}[m.implicit]
	}
	if u.User != nil {
		m.user = u.User.Username()
		m.pass, _ = u.User.Password()
	}
	return m, nil
}

// Message builds the e-mail's bytes; it refuses line breaks in headers.
func (m *Mailer) Message(to, subject, body string, now time.Time) ([]byte, error) {
	if strings.ContainsAny(to+subject, "\r\n") || !strings.Contains(to, "@") {
		return nil, fmt.Errorf("mail: bad recipient or subject")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", m.from, to,
		mime.QEncoding.Encode("utf-8", subject), now.Format(time.RFC1123Z))
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		b.WriteString(line + "\r\n") // net/smtp's DATA writer doubles leading dots
	}
	return []byte(b.String()), nil
}

// Send delivers one e-mail, giving up after 30 seconds.
func (m *Mailer) Send(ctx context.Context, to, subject, body string) error {
	msg, err := m.Message(to, subject, body, time.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := m.dial(ctx)
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", m.host, err)
	}
	defer c.Close()
	if err := m.auth(c); err != nil {
		return err
	}
	if err := c.Mail(m.from); err != nil {
		return fmt.Errorf("mail: sender refused: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mail: recipient refused: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: message refused: %w", err)
	}
	return c.Quit()
}

func (m *Mailer) dial(ctx context.Context) (*smtp.Client, error) {
	addr := net.JoinHostPort(m.host, m.port)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	if m.implicit {
		conn = tls.Client(conn, &tls.Config{ServerName: m.host, MinVersion: tls.VersionTLS12})
	}
	c, err := smtp.NewClient(conn, m.host)
	if err != nil {
		conn.Close()
	}
	return c, err
}

func (m *Mailer) auth(c *smtp.Client) error {
	if ok, _ := c.Extension("STARTTLS"); ok && !m.implicit {
		if err := c.StartTLS(&tls.Config{ServerName: m.host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("mail: start TLS: %w", err)
		}
	}
	if m.user == "" {
		return nil
	}
	if err := c.Auth(smtp.PlainAuth("", m.user, m.pass, m.host)); err != nil {
		return fmt.Errorf("mail: sign in to the SMTP server: %w", err)
	}
	return nil
}

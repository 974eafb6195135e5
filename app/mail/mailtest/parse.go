package mailtest

import (
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Message is the decoded content of an e-mail: what its reader would see.
type Message struct {
	Header  mail.Header
	Subject string // decoded from its RFC 2047 encoded words
	Text    string // the text/plain part, transfer encoding undone
	HTML    string // the text/html part, transfer encoding undone
}

// Parse decodes an RFC 5322 message: its subject and its first text/plain and text/html parts,
// walking nested multiparts.
func Parse(r io.Reader) (Message, error) {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return Message{}, err
	}
	out := Message{Header: m.Header}
	if out.Subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		return out, fmt.Errorf("subject: %w", err)
	}
	err = out.walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
	return out, err
}

func (m *Message) walk(contentType, encoding string, body io.Reader) error {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii" // RFC 2045's default
	}
	media, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextPart undoes quoted-printable itself and hides the header; base64 is ours.
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s part: %w", media, err)
	}
	switch {
	case media == "text/plain" && m.Text == "":
		m.Text = string(b)
	case media == "text/html" && m.HTML == "":
		m.HTML = string(b)
	}
	return nil
}

package mailtest

import (
	"net/smtp"
	"strings"
	"testing"
	"time"
)

func TestParseDecodesBase64AndNestedParts(t *testing.T) {
	raw := "Subject: =?UTF-8?B?w4l0w6k=?=\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=OUT\r\n\r\n" +
		"--OUT\r\nContent-Type: multipart/alternative; boundary=IN\r\n\r\n" +
		"--IN\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\nw6l0w6k=\r\n" +
		"--IN\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>=C3=A9t=C3=A9</p>\r\n" +
		"--IN--\r\n--OUT\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--OUT--\r\n"
	m, err := Parse(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Été" || m.Text != "été" || m.HTML != "<p>été</p>" {
		t.Fatalf("parsed %q / %q / %q", m.Subject, m.Text, m.HTML)
	}
}

func TestServerRecordsAndRefuses(t *testing.T) {
	srv := Start(t)
	send := func() error {
		return smtp.SendMail(srv.Addr(), nil, "a@example.test", []string{"b@example.test"},
			[]byte("Subject: hello\r\n\r\nbody\r\n"))
	}
	srv.SetRefuse(true)
	if err := send(); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("during refusal: %v, want a 451", err)
	}
	if srv.Refused() != 1 || len(srv.Messages()) != 0 {
		t.Fatalf("refused %d, messages %d; want 1, 0", srv.Refused(), len(srv.Messages()))
	}
	srv.SetRefuse(false)
	if err := send(); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)[0]
	if got.From != "a@example.test" || got.To[0] != "b@example.test" || got.Subject != "hello" || got.Text != "body\r\n" || got.TLS {
		t.Fatalf("recorded %+v", got)
	}
}

package portal

import (
	"context"

	"github.com/bigdatacenter/portal/app/locale"
	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/store"
)

// queueEmail renders a template in the recipient's language and queues the e-mail in the
// caller's transaction: it goes out only if the change it announces commits. Call s.mailKick
// after the commit.
func (s *Service) queueEmail(ctx context.Context, to store.User, template string, data any) error {
	subject, text, html, err := mail.Render(template, locale.Lang(to.Language), data)
	if err != nil {
		return err
	}
	_, err = s.db.InsertEmail(ctx, store.Email{To: to.Email, Subject: subject, Text: text, HTML: html}, s.now())
	return err
}

// link builds an absolute address of the portal.
func (s *Service) link(path string) string { return s.publicURL + path }

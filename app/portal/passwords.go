package portal

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bigdatacenter/portal/app/locale"
	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// issueLink creates a one-time link for u in the transaction of ctx and queues its e-mail.
func (s *Service) issueLink(ctx context.Context, u store.User, purpose, inviter string) error {
	raw, hash := newToken()
	now := s.now()
	validity := s.auth.ResetValidity.D()
	template, page := "password_reset", "/definir-mot-de-passe"
	if purpose == "invitation" {
		validity, template = s.auth.InvitationValidity.D(), "invitation"
	}
	expires := now.Add(validity)
	if err := s.db.InsertAuthToken(ctx, store.AuthToken{TokenHash: hash, UserID: u.ID, Purpose: purpose, CreatedAt: now, ExpiresAt: expires}); err != nil {
		return err
	}
	// The secret travels in the fragment: browsers never send it to a server, nor in a Referer.
	link, when := s.link(page+"#"+raw), locale.DateTime(u.Language, expires, s.tz)
	if purpose == "invitation" {
		return s.queueEmail(ctx, u, template, mail.Invitation{
			Name: u.Name, InviterName: inviter, CompanyName: u.ClientName, Link: link, ExpiresAt: when})
	}
	return s.queueEmail(ctx, u, template, mail.PasswordReset{Name: u.Name, Link: link, ExpiresAt: when})
}

// RequestPasswordReset e-mails a reset link when the address belongs to an active account. It
// answers the same whether or not it does, and it works while sign-in is locked. Past
// auth.max_resets requests for the address (or auth.max_resets_per_ip from the client's IP)
// within auth.reset_window it still answers the same but sends nothing: the form can neither
// flood a mailbox nor, by answering otherwise, tell which addresses have an account.
func (s *Service) RequestPasswordReset(ctx context.Context, meta Actor, rawEmail string) error {
	email, err := NormalizeEmail(rawEmail)
	if err != nil {
		return err
	}
	if limited, err := s.resetLimited(ctx, meta, email); limited || err != nil {
		return err
	}
	u, err := s.db.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		e := meta.audit(s, "auth.password_reset_request", "user", 0, 0, "failure", "unknown address")
		e.ActorEmail = email
		return s.db.InsertAudit(ctx, e)
	}
	if err != nil {
		return err
	}
	if u.DisabledAt != nil || u.ClientArchived {
		e := meta.audit(s, "auth.password_reset_request", "user", u.ID, u.ClientID, "failure", "account disabled")
		e.ActorEmail = email
		return s.db.InsertAudit(ctx, e)
	}
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		if err := s.issueLink(ctx, u, "reset", ""); err != nil {
			return err
		}
		e := meta.audit(s, "auth.password_reset_request", "user", u.ID, u.ClientID, "success", "reset link e-mailed")
		e.ActorEmail = email
		return s.db.InsertAudit(ctx, e)
	})
	if err == nil {
		s.mailKick()
	}
	return err
}

// resetLimited counts this request against the address and the client's IP, and says whether
// either went past its limit. Each count is one statement, so that simultaneous requests all
// count. The first request past a limit is audited; the rest of the flood is not, so that it
// cannot fill the audit log either.
func (s *Service) resetLimited(ctx context.Context, meta Actor, email string) (bool, error) {
	a, now := s.auth, s.now()
	limits := []struct {
		scope, subject, what string
		max                  int
	}{{"reset", email, "address", a.MaxResets}, {"reset-ip", meta.IP, "IP", a.MaxResetsPerIP}}
	limited := false
	for _, l := range limits {
		if l.subject == "" {
			continue
		}
		// Counted as "failures" that never lock: the window alone decides.
		t, err := s.db.RecordFailure(ctx, l.scope, l.subject, now, a.ResetWindow.D(), math.MaxInt32, 0)
		if err != nil {
			return false, err
		}
		if t.Failures > l.max {
			limited = true
		}
		if t.Failures == l.max+1 {
			e := meta.audit(s, "auth.password_reset_request", "user", 0, 0, "failure",
				fmt.Sprintf("rate limited: more than %d requests for this %s within %s", l.max, l.what, a.ResetWindow.D()))
			e.ActorEmail = email
			if err := s.db.InsertAudit(ctx, e); err != nil {
				return true, err
			}
		}
	}
	return limited, nil
}

// LinkInfo is what the set-password page shows before the user types.
type LinkInfo struct {
	Purpose string
	Email   string
	Name    string
}

var (
	errLinkUnknown         = newErr(KindNotFound, errcode.LinkInvalid, nil)
	errLinkUsed            = newErr(KindConflict, errcode.LinkUsed, nil)
	errAccountDisabledLink = newErr(KindConflict, errcode.AccountDisabled, nil)
	errLinkExpired         = newErr(KindConflict, errcode.LinkExpired, nil)
)

func (s *Service) checkLink(t store.AuthToken, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errLinkUnknown
	case err != nil:
		return err
	case t.UsedAt != nil:
		return errLinkUsed
	case !s.now().Before(t.ExpiresAt):
		return errLinkExpired
	}
	return nil
}

// InspectLink tells whether a link can still be used, and for whom.
func (s *Service) InspectLink(ctx context.Context, raw string) (LinkInfo, error) {
	t, err := s.db.AuthTokenByHash(ctx, hashToken(raw))
	if err := s.checkLink(t, err); err != nil {
		return LinkInfo{}, err
	}
	u, err := s.db.UserByID(ctx, t.UserID)
	if err != nil {
		return LinkInfo{}, err
	}
	if u.DisabledAt != nil || u.ClientArchived {
		return LinkInfo{}, errAccountDisabledLink
	}
	return LinkInfo{Purpose: t.Purpose, Email: u.Email, Name: u.Name}, nil
}

// SetPasswordWithLink consumes an invitation or reset link: it sets the password, ends every
// session of the account and unlocks its sign-in. A second use is refused.
func (s *Service) SetPasswordWithLink(ctx context.Context, meta Actor, raw, pw string) error {
	info, err := s.InspectLink(ctx, raw)
	if err != nil {
		return err
	}
	hash, err := s.hashNewPassword(ctx, "password", pw, info.Email)
	if err != nil {
		return err
	}
	var userEmail string
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		// Checked again under lock: of two uses at once, only one passes.
		t, err := s.db.AuthTokenForUpdate(ctx, hashToken(raw))
		if err := s.checkLink(t, err); err != nil {
			return err
		}
		u, err := s.db.UserForUpdate(ctx, t.UserID)
		if err != nil {
			return err
		}
		if u.DisabledAt != nil || u.ClientArchived {
			return errAccountDisabledLink
		}
		now := s.now()
		if err := s.db.SetUserPassword(ctx, u.ID, hash, now); err != nil {
			return err
		}
		if err := s.db.MarkAuthTokenUsed(ctx, t.TokenHash, now); err != nil {
			return err
		}
		if _, err := s.db.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		action, summary := "auth.password_reset", "password reset with an e-mailed link"
		if t.Purpose == "invitation" {
			action, summary = "auth.invitation_accept", "invitation accepted, password chosen"
		}
		userEmail = u.Email
		if t.Purpose == "reset" {
			if err := s.queueEmail(ctx, u, "password_changed", s.passwordChangedData(u, now)); err != nil {
				return err
			}
		}
		// Last: the audit chain's head stays locked until the commit.
		a := actorOf(u, meta)
		return s.db.InsertAudit(ctx, a.audit(s, action, "user", u.ID, u.ClientID, "success", summary))
	})
	if err != nil {
		return err
	}
	// The owner of the mailbox proved who they are: sign-in is unlocked, and the address may
	// ask for a reset again.
	_ = s.db.ClearThrottle(ctx, "account", userEmail)
	_ = s.db.ClearThrottle(ctx, "reset", userEmail)
	s.mailKick()
	return nil
}

func (s *Service) passwordChangedData(u store.User, at time.Time) mail.PasswordChanged {
	return mail.PasswordChanged{Name: u.Name, When: locale.DateTime(u.Language, at, s.tz)}
}

// ChangePassword replaces the actor's password after checking the current one; every other
// session of the account ends.
func (s *Service) ChangePassword(ctx context.Context, a Actor, currentToken, current, next string) error {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return err
	}
	u, err := s.checkOwnPassword(ctx, a, current)
	if err != nil {
		return err
	}
	hash, err := s.hashNewPassword(ctx, "new_password", next, u.Email)
	if err != nil {
		return err
	}
	now := s.now()
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		if err := s.db.SetUserPassword(ctx, u.ID, hash, now); err != nil {
			return err
		}
		if err := s.db.DeleteOtherSessions(ctx, u.ID, hashToken(currentToken)); err != nil {
			return err
		}
		if err := s.queueEmail(ctx, u, "password_changed", s.passwordChangedData(u, now)); err != nil {
			return err
		}
		// Last: the audit chain's head stays locked until the commit.
		return s.db.InsertAudit(ctx, a.audit(s, "account.password_change", "user", u.ID, u.ClientID, "success", "password changed; other sessions ended"))
	})
	if err == nil {
		s.mailKick()
	}
	return err
}

// hashNewPassword checks a chosen password against the policy (a refusal names field) and
// hashes it in a hashing slot. Callers hash before their transaction: its row locks should not
// wait for a deliberately slow hash.
func (s *Service) hashNewPassword(ctx context.Context, field, pw, email string) (string, error) {
	if err := password.Check(pw, email); err != nil {
		return "", policyErr(field, err)
	}
	var hash string
	var err error
	if herr := s.hashing(ctx, func() { hash, err = password.Hash(pw, s.pw) }); herr != nil {
		return "", herr
	}
	return hash, err
}

// policyErr words a refusal of the password policy as the error of field.
func policyErr(field string, err error) error {
	var pe *password.PolicyError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Rule {
	case password.TooShort:
		return Invalid(field, errcode.PasswordTooShort, errcode.Params{"min": pe.Limit})
	case password.TooLong:
		return Invalid(field, errcode.PasswordTooLong, errcode.Params{"max": pe.Limit})
	case password.TooCommon:
		return Invalid(field, errcode.PasswordTooCommon, nil)
	default:
		return Invalid(field, errcode.PasswordIsEmail, nil)
	}
}

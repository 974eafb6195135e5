package portal

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// NormalizeEmail trims and checks an address, returning it lower-cased.
func NormalizeEmail(raw string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(raw))
	addr, err := mail.ParseAddress(e)
	if err != nil || addr.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndex(e, "@")+1:], ".") {
		return "", Invalid("email", errcode.EmailInvalid, nil)
	}
	return e, nil
}

// CreateAdminWithPassword creates a staff account that can sign in at once. It is the command
// line's way to create the first admin of a new install (no default credentials exist).
func (s *Service) CreateAdminWithPassword(ctx context.Context, actor Actor, email, name, pw string) (int64, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return 0, err
	}
	if name, err = singleLine("name", errcode.LabelUserName, name, false, 200); err != nil {
		return 0, err
	}
	if name == "" {
		name = email[:strings.Index(email, "@")]
	}
	if err := password.Check(pw, email); err != nil {
		return 0, policyErr("password", err)
	}
	hash, err := password.Hash(pw, s.pw)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		id, err = s.db.InsertUser(ctx, store.User{Email: email, Name: name, Role: string(RoleAdmin), PasswordHash: hash}, s.now())
		if err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, actor.audit(s, "user.create", "user", id, 0, "success", "admin "+email+" created with a password"))
	})
	if errors.Is(err, store.ErrConflict) {
		return 0, newErr(KindConflict, errcode.EmailTaken, nil)
	}
	return id, err
}

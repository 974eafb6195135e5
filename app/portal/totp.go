package portal

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

const totpIssuer = "BIGDATA CENTER"

var errBadCode = newErr(KindUnauthenticated, errcode.InvalidCode, nil)

// LoginSecondFactor completes a sign-in that is waiting for a TOTP code or a recovery code. The
// pending session is replaced by a new one: a fresh token at each step of sign-in.
func (s *Service) LoginSecondFactor(ctx context.Context, meta Actor, pendingToken, code string) (LoginResult, error) {
	hash := hashToken(pendingToken)
	sess, u, err := s.db.SessionWithUser(ctx, hash)
	if err != nil || !sess.MFAPending || !s.now().Before(sess.ExpiresAt) {
		return LoginResult{}, newErr(KindUnauthenticated, errcode.MFAExpired, nil)
	}
	if err := s.checkThrottle(ctx, u.Email, meta.IP); err != nil {
		return LoginResult{}, err
	}
	how, err := s.checkSecondFactor(ctx, u, code)
	if err != nil {
		if errors.Is(err, errBadCode) {
			s.recordLoginFailure(ctx, meta, u.Email, u.ID, u.ClientID, "wrong second factor")
		}
		return LoginResult{}, err
	}
	if err := s.db.DeleteSession(ctx, hash); err != nil {
		return LoginResult{}, err
	}
	_ = s.db.ClearThrottle(ctx, "account", u.Email)
	full, err := s.openSession(ctx, meta, u, false, "password + "+how)
	u.TOTPEnabledAt = ptr(s.now())
	return LoginResult{Session: full, User: u}, err
}

// checkSecondFactor accepts a current TOTP code once, or an unused recovery code.
func (s *Service) checkSecondFactor(ctx context.Context, u store.User, code string) (string, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) == 6 && u.TOTPSecret != "" {
		step, ok := s.validTOTPStep(u.TOTPSecret, code)
		if !ok {
			return "", errBadCode
		}
		fresh, err := s.db.AdvanceTOTPStep(ctx, u.ID, step)
		if err != nil {
			return "", err
		}
		if !fresh {
			return "", errBadCode // the same code was already used: a replay
		}
		return "TOTP", nil
	}
	used, err := s.db.UseRecoveryCode(ctx, u.ID, hashToken(normalizeRecovery(code)), s.now())
	if err != nil {
		return "", err
	}
	if !used {
		return "", errBadCode
	}
	return "recovery code", nil
}

// validTOTPStep checks a code against the current 30 s step and one step either side (clock
// drift), returning the step it matched.
func (s *Service) validTOTPStep(secret, code string) (int64, bool) {
	now := s.now()
	for _, d := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(d) * 30 * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtleEq(want, code) {
			return t.Unix() / 30, true
		}
	}
	return 0, false
}

func subtleEq(a, b string) bool { return len(a) == len(b) && a == b }

func normalizeRecovery(code string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
}

// TOTPSetup is what the account page shows to pair an authenticator application.
type TOTPSetup struct {
	Secret string
	URI    string
	QRCode string // data:image/png;base64,...
}

// BeginTOTP creates a new secret, not yet active until ConfirmTOTP sees a valid code.
func (s *Service) BeginTOTP(ctx context.Context, a Actor) (TOTPSetup, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return TOTPSetup{}, err
	}
	u, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return TOTPSetup{}, err
	}
	if u.TOTPEnabledAt != nil {
		return TOTPSetup{}, newErr(KindConflict, errcode.TOTPAlreadyEnabled, nil)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Email, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPSetup{}, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return TOTPSetup{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPSetup{}, err
	}
	if err := s.db.SetUserTOTP(ctx, u.ID, key.Secret(), nil, s.now()); err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: key.Secret(), URI: key.URL(), QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// ConfirmTOTP turns two-factor sign-in on once the user typed a valid code, and returns the
// recovery codes, shown this once.
func (s *Service) ConfirmTOTP(ctx context.Context, a Actor, code string) ([]string, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return nil, err
	}
	u, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabledAt != nil {
		return nil, newErr(KindConflict, errcode.TOTPAlreadyEnabled, nil)
	}
	if u.TOTPSecret == "" {
		return nil, newErr(KindConflict, errcode.TOTPNotStarted, nil)
	}
	step, ok := s.validTOTPStep(u.TOTPSecret, strings.TrimSpace(code))
	if !ok {
		return nil, Invalid("code", errcode.TOTPCodeIncorrect, nil)
	}
	codes, hashes := newRecoveryCodes(10)
	now := s.now()
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		if err := s.db.SetUserTOTP(ctx, u.ID, u.TOTPSecret, &now, now); err != nil {
			return err
		}
		if _, err := s.db.AdvanceTOTPStep(ctx, u.ID, step); err != nil {
			return err
		}
		if err := s.db.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "account.totp_enable", "user", u.ID, u.ClientID, "success", "two-factor sign-in turned on"))
	})
	return codes, err
}

// DisableTOTP turns two-factor sign-in off after checking the password.
func (s *Service) DisableTOTP(ctx context.Context, a Actor, pw string) error {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return err
	}
	if a.Role == RoleAdmin && s.auth.RequireAdminTOTP {
		return newErr(KindForbidden, errcode.TOTPCannotDisable, nil)
	}
	u, err := s.checkOwnPassword(ctx, a, pw)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(ctx context.Context) error {
		if err := s.db.SetUserTOTP(ctx, u.ID, "", nil, s.now()); err != nil {
			return err
		}
		if err := s.db.ReplaceRecoveryCodes(ctx, u.ID, nil); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "account.totp_disable", "user", u.ID, u.ClientID, "success", "two-factor sign-in turned off"))
	})
}

// checkOwnPassword verifies the actor's current password (before a sensitive change).
func (s *Service) checkOwnPassword(ctx context.Context, a Actor, pw string) (store.User, error) {
	u, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return u, err
	}
	var ok bool
	if err := s.hashing(ctx, func() { ok, _, _ = password.Verify(pw, u.PasswordHash, s.pw) }); err != nil {
		return u, err
	}
	if !ok {
		return u, Invalid("current_password", errcode.WrongPassword, nil)
	}
	return u, nil
}

// newRecoveryCodes returns n codes like "k3f9-x2m4" and their hashes.
func newRecoveryCodes(n int) ([]string, [][]byte) {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	codes, hashes := make([]string, n), make([][]byte, n)
	for i := range codes {
		b := make([]byte, 8)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		for j := range b {
			b[j] = alphabet[int(b[j])%len(alphabet)]
		}
		codes[i] = fmt.Sprintf("%s-%s", b[:4], b[4:])
		hashes[i] = hashToken(normalizeRecovery(codes[i]))
	}
	return codes, hashes
}

func ptr[T any](v T) *T { return &v }

package portal

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Session is what the HTTP layer needs of a signed-in browser.
type Session struct {
	Token     string // the raw cookie value; only its hash is stored
	CSRFToken string
	ExpiresAt time.Time
}

// LoginResult is the outcome of a correct password: a full session, or a pending one that
// waits for the second factor.
type LoginResult struct {
	Session           Session
	User              store.User
	TwoFactorRequired bool
}

var errBadCredentials = newErr(KindUnauthenticated, errcode.InvalidCredentials, nil)

const pendingMFALifetime = 5 * time.Minute

// Login checks an e-mail and password. Unknown accounts and wrong passwords answer alike and
// take as long; failures are counted per account and per IP.
func (s *Service) Login(ctx context.Context, meta Actor, rawEmail, pw string) (LoginResult, error) {
	email, emailErr := NormalizeEmail(rawEmail)
	if emailErr != nil {
		email = rawEmail
	}
	if err := s.checkThrottle(ctx, email, meta.IP); err != nil {
		return LoginResult{}, err
	}
	u, err := s.db.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return LoginResult{}, err
	}
	known := err == nil && u.PasswordHash != ""
	hash := s.dummyHash
	if known {
		hash = u.PasswordHash
	}
	var ok, rehash bool
	if herr := s.hashing(ctx, func() { ok, rehash, _ = password.Verify(pw, hash, s.pw) }); herr != nil {
		return LoginResult{}, herr
	}
	if !known || !ok {
		s.recordLoginFailure(ctx, meta, email, u.ID, u.ClientID, "wrong password or unknown account")
		return LoginResult{}, errBadCredentials
	}
	if u.DisabledAt != nil || u.ClientArchived {
		s.recordLoginFailure(ctx, meta, email, u.ID, u.ClientID, "account disabled or client archived")
		return LoginResult{}, newErr(KindUnauthenticated, errcode.AccountDisabled, nil)
	}
	if rehash {
		if nh, err := password.Hash(pw, s.pw); err == nil {
			_ = s.db.SetUserPassword(ctx, u.ID, nh, s.now())
		}
	}
	_ = s.db.ClearThrottle(ctx, "account", email)
	if u.TOTPEnabledAt != nil {
		sess, err := s.openSession(ctx, meta, u, true, "")
		return LoginResult{Session: sess, User: u, TwoFactorRequired: true}, err
	}
	sess, err := s.openSession(ctx, meta, u, false, "password")
	return LoginResult{Session: sess, User: u}, err
}

// openSession creates a session; a full one is audited as a successful sign-in in the same
// transaction.
func (s *Service) openSession(ctx context.Context, meta Actor, u store.User, mfaPending bool, how string) (Session, error) {
	raw, hash := newToken()
	csrf, _ := newToken()
	now := s.now()
	expires := now.Add(s.auth.SessionLifetime.D())
	if mfaPending {
		expires = now.Add(pendingMFALifetime)
	}
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		if err := s.db.InsertSession(ctx, store.Session{TokenHash: hash, UserID: u.ID, CSRFToken: csrf, MFAPending: mfaPending,
			IP: meta.IP, UserAgent: meta.UserAgent, CreatedAt: now, LastSeenAt: now, ExpiresAt: expires}); err != nil {
			return err
		}
		if mfaPending {
			return nil
		}
		if err := s.db.SetUserLastLogin(ctx, u.ID, now); err != nil {
			return err
		}
		a := actorOf(u, meta)
		return s.db.InsertAudit(ctx, a.audit(s, "auth.login", "user", u.ID, u.ClientID, "success", "signed in ("+how+")"))
	})
	return Session{Token: raw, CSRFToken: csrf, ExpiresAt: expires}, err
}

// actorOf is the actor of a user, with the request's details.
func actorOf(u store.User, meta Actor) Actor {
	return Actor{UserID: u.ID, Role: Role(u.Role), ClientID: u.ClientID, Email: u.Email, IP: meta.IP, UserAgent: meta.UserAgent,
		RequestID: meta.RequestID, HasTOTP: u.TOTPEnabledAt != nil, Language: u.Language}
}

func (s *Service) recordLoginFailure(ctx context.Context, meta Actor, email string, userID, clientID int64, why string) {
	now := s.now()
	a := s.auth
	if _, err := s.db.RecordFailure(ctx, "account", email, now, a.FailureWindow.D(), a.MaxFailures, a.LockoutDuration.D()); err != nil {
		s.log.Error("recording a sign-in failure", "err", err)
	}
	if meta.IP != "" {
		if _, err := s.db.RecordFailure(ctx, "ip", meta.IP, now, a.FailureWindow.D(), a.MaxFailuresPerIP, a.LockoutDuration.D()); err != nil {
			s.log.Error("recording a sign-in failure", "err", err)
		}
	}
	e := meta.audit(s, "auth.login", "user", userID, clientID, "failure", why)
	e.ActorEmail = email
	if err := s.db.InsertAudit(ctx, e); err != nil {
		s.log.Error("audit of a failed sign-in", "err", err)
	}
}

// checkThrottle refuses a sign-in while the account or the IP is locked.
func (s *Service) checkThrottle(ctx context.Context, email, ip string) error {
	now := s.now()
	var until time.Time
	for _, k := range [][2]string{{"account", email}, {"ip", ip}} {
		if k[1] == "" {
			continue
		}
		t, err := s.db.ThrottleState(ctx, k[0], k[1])
		if err != nil {
			return err
		}
		if t.LockedUntil != nil && t.LockedUntil.After(now) && t.LockedUntil.After(until) {
			until = *t.LockedUntil
		}
	}
	if until.IsZero() {
		return nil
	}
	wait := until.Sub(now)
	minutes := int(math.Ceil(wait.Minutes()))
	return &Error{Kind: KindTooMany, Code: errcode.TooManyAttempts, RetryAfter: wait, Params: errcode.Params{"count": minutes}}
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// Authenticate resolves the actor of a session cookie; every request goes through it, so that
// a disabled user or an archived client is refused on its very next request.
func (s *Service) Authenticate(ctx context.Context, rawToken string, meta Actor) (a Actor, csrfToken string, err error) {
	if rawToken == "" {
		return Actor{}, "", ErrUnauthenticated
	}
	hash := hashToken(rawToken)
	// The lookup is kept a moment (sessionCache): the epoch is read before the database, so
	// that a change committed during the read is never kept.
	epoch := s.db.AuthEpoch()
	var sess store.Session
	var u store.User
	ok := false
	if !s.sharedDatabase {
		sess, u, ok = s.sessions.get(hash, epoch)
	}
	if !ok {
		var err error
		sess, u, err = s.db.SessionWithUser(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			return Actor{}, "", ErrUnauthenticated
		}
		if err != nil {
			return Actor{}, "", err
		}
		if !s.sharedDatabase {
			s.sessions.put(hash, epoch, sess, u)
		}
	}
	now := s.now()
	if sess.MFAPending || !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.auth.SessionIdleTimeout.D())) ||
		u.DisabledAt != nil || u.ClientArchived {
		if !sess.MFAPending {
			_ = s.db.DeleteSession(ctx, hash)
		}
		return Actor{}, "", ErrUnauthenticated
	}
	// One write a minute per session is enough for the idle timeout.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.db.TouchSession(ctx, hash, now); err != nil {
			s.log.Warn("touching a session", "err", err)
		}
		s.sessions.drop(hash)
	}
	return actorOf(u, meta), sess.CSRFToken, nil
}

// CheckCSRF compares the token a request sent with its session's.
func CheckCSRF(expected, sent string) error {
	if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(expected)) != 1 {
		return newErr(KindForbidden, errcode.CSRF, nil)
	}
	return nil
}

// Me returns the signed-in user.
func (s *Service) Me(ctx context.Context, a Actor) (store.User, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return store.User{}, err
	}
	return s.db.UserByID(ctx, a.UserID)
}

// Logout ends the current session.
func (s *Service) Logout(ctx context.Context, a Actor, rawToken string) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		if err := s.db.DeleteSession(ctx, hashToken(rawToken)); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "auth.logout", "user", a.UserID, a.ClientID, "success", "signed out"))
	})
}

// LogoutEverywhere ends every session of the actor, this one included.
func (s *Service) LogoutEverywhere(ctx context.Context, a Actor) error {
	return s.db.Tx(ctx, func(ctx context.Context) error {
		n, err := s.db.DeleteUserSessions(ctx, a.UserID)
		if err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "auth.logout_all", "user", a.UserID, a.ClientID, "success", fmt.Sprintf("%d sessions ended", n)))
	})
}

package server

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

type sessionView struct {
	User      userView `json:"user"`
	CSRFToken string   `json:"csrf_token"`
}

type loginInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) login(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, signIn(c, s, func(ctx context.Context, _ portal.Actor, _ int64, in loginInput) (portal.LoginResult, error) {
		return s.svc.Login(ctx, meta(c), in.Email, in.Password)
	}), func(res portal.LoginResult) any {
		if res.TwoFactorRequired {
			return fiber.Map{"two_factor_required": true}
		}
		return viewSession(res)
	})
}

func (s *Server) loginSecondFactor(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, signIn(c, s, func(ctx context.Context, _ portal.Actor, _ int64, in codeInput) (portal.LoginResult, error) {
		return s.svc.LoginSecondFactor(ctx, meta(c), c.Cookies(s.cookieName()), in.Code)
	}), viewSession)
}

// signIn is a sign-in step that sets the cookie of the session it opened.
func signIn[In any](c *fiber.Ctx, s *Server, step useCase[In, portal.LoginResult]) useCase[In, portal.LoginResult] {
	return func(ctx context.Context, a portal.Actor, id int64, in In) (portal.LoginResult, error) {
		res, err := step(ctx, a, id, in)
		if err == nil {
			s.setSessionCookie(c, res.Session)
		}
		return res, err
	}
}

func viewSession(res portal.LoginResult) sessionView {
	return sessionView{User: viewUser(res.User), CSRFToken: res.Session.CSRFToken}
}

// session answers who is signed in in this browser. Nobody (no session, one that ended, one still
// waiting for its second factor) is an answer, not an error: 200 with "user": null. Every visit
// of the sign-in page asks, and browsers log each 4xx answer as an error in the console.
func (s *Server) session(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	a, csrf, err := s.svc.Authenticate(ctx, c.Cookies(s.cookieName()), meta(c))
	if errors.Is(err, portal.ErrUnauthenticated) {
		return c.JSON(fiber.Map{"user": nil})
	}
	if err != nil {
		return err
	}
	u, err := s.svc.Me(ctx, a)
	if err != nil {
		return err
	}
	return c.JSON(sessionView{User: viewUser(u), CSRFToken: csrf})
}

func (s *Server) logout(c *fiber.Ctx) error {
	return s.signOut(c, func(ctx context.Context, a portal.Actor) error {
		return s.svc.Logout(ctx, a, c.Cookies(s.cookieName()))
	})
}

func (s *Server) logoutEverywhere(c *fiber.Ctx) error { return s.signOut(c, s.svc.LogoutEverywhere) }

// signOut answers 204 and clears this browser's session cookie once end has ended the session(s).
func (s *Server) signOut(c *fiber.Ctx, end func(context.Context, portal.Actor) error) error {
	return noContent(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) error {
		if err := end(ctx, a); err != nil {
			return err
		}
		s.clearSessionCookie(c)
		return nil
	})
}

type emailInput struct {
	Email string `json:"email"`
}

func (s *Server) forgotPassword(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusAccepted, false, func(ctx context.Context, _ portal.Actor, _ int64, in emailInput) (none, error) {
		return none{}, s.svc.RequestPasswordReset(ctx, meta(c), in.Email)
	}, func(none) fiber.Map {
		return fiber.Map{
			"message": "Si un compte correspond à cette adresse, un e-mail avec un lien de réinitialisation vient d'être envoyé. Pensez à vérifier vos courriers indésirables.",
		}
	})
}

type linkInput struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (s *Server) inspectLink(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, _ portal.Actor, _ int64, in linkInput) (portal.LinkInfo, error) {
		return s.svc.InspectLink(ctx, in.Token)
	}, func(info portal.LinkInfo) fiber.Map {
		return fiber.Map{"purpose": info.Purpose, "email": info.Email, "name": info.Name}
	})
}

func (s *Server) setPasswordWithLink(c *fiber.Ctx) error {
	return noContent(c, s, false, func(ctx context.Context, _ portal.Actor, _ int64, in linkInput) error {
		return s.svc.SetPasswordWithLink(ctx, meta(c), in.Token, in.Password)
	})
}

func (s *Server) account(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.Me), viewUser)
}

func (s *Server) updateAccount(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, withBody(s.svc.UpdateAccount), viewUser)
}

type passwordChangeInput struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

func (s *Server) changePassword(c *fiber.Ctx) error {
	return noContent(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, in passwordChangeInput) error {
		return s.svc.ChangePassword(ctx, a, c.Cookies(s.cookieName()), in.Current, in.New)
	})
}

func (s *Server) totpSetup(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.BeginTOTP), func(t portal.TOTPSetup) fiber.Map {
		return fiber.Map{"secret": t.Secret, "uri": t.URI, "qr_code": t.QRCode}
	})
}

type codeInput struct {
	Code string `json:"code"`
}

func (s *Server) totpEnable(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, in codeInput) ([]string, error) {
		return s.svc.ConfirmTOTP(ctx, a, in.Code)
	}, func(codes []string) fiber.Map { return fiber.Map{"recovery_codes": codes} })
}

type passwordInput struct {
	Password string `json:"password"`
}

func (s *Server) totpDisable(c *fiber.Ctx) error {
	return noContent(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, in passwordInput) error {
		return s.svc.DisableTOTP(ctx, a, in.Password)
	})
}

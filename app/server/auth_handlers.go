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

func (s *Server) login(c *fiber.Ctx) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	res, err := s.svc.Login(ctx, meta(c), in.Email, in.Password)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, res.Session)
	if res.TwoFactorRequired {
		return c.JSON(fiber.Map{"two_factor_required": true})
	}
	return c.JSON(sessionView{User: viewUser(res.User), CSRFToken: res.Session.CSRFToken})
}

func (s *Server) loginSecondFactor(c *fiber.Ctx) error {
	var in codeInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	res, err := s.svc.LoginSecondFactor(ctx, meta(c), c.Cookies(s.cookieName()), in.Code)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, res.Session)
	return c.JSON(sessionView{User: viewUser(res.User), CSRFToken: res.Session.CSRFToken})
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
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.Logout(ctx, actor(c), c.Cookies(s.cookieName())); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) logoutEverywhere(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.LogoutEverywhere(ctx, actor(c)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) forgotPassword(c *fiber.Ctx) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.RequestPasswordReset(ctx, meta(c), in.Email); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{
		"message": "Si un compte correspond à cette adresse, un e-mail avec un lien de réinitialisation vient d'être envoyé. Pensez à vérifier vos courriers indésirables.",
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
	var in linkInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.SetPasswordWithLink(ctx, meta(c), in.Token, in.Password); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) account(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) (portal.User, error) {
		return s.svc.Me(ctx, a)
	}, viewUser)
}

func (s *Server) updateAccount(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, in portal.AccountInput) (portal.User, error) {
		return s.svc.UpdateAccount(ctx, a, in)
	}, viewUser)
}

func (s *Server) changePassword(c *fiber.Ctx) error {
	var in struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.ChangePassword(ctx, actor(c), c.Cookies(s.cookieName()), in.Current, in.New); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) totpSetup(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) (portal.TOTPSetup, error) {
		return s.svc.BeginTOTP(ctx, a)
	}, func(t portal.TOTPSetup) fiber.Map {
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
	return handle(c, s, fiber.StatusNoContent, false, func(ctx context.Context, a portal.Actor, _ int64, in passwordInput) (none, error) {
		return none{}, s.svc.DisableTOTP(ctx, a, in.Password)
	}, noView[none])
}

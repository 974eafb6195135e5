package server

import "github.com/gofiber/fiber/v2"

// Access says who may call a route; the role-matrix test checks every route against it.
type Access int

const (
	Public  Access = iota // anyone, signed in or not
	Session               // any signed-in user; the use case decides what it may see
	Admin                 // staff only (the use case's authorization enforces it)
)

// Route is one line of the route table.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Handler fiber.Handler
}

const (
	get, post, put, patch, del = fiber.MethodGet, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch, fiber.MethodDelete
)

// routes is the single route table of the portal. Order matters only for the catch-alls at the end.
func (s *Server) routes() []Route {
	return []Route{
		{get, "/healthz", Public, s.healthz},
		{get, "/readyz", Public, s.readyz},

		// Sign-in and one-time links (C1, X1).
		{post, "/api/v1/auth/login", Public, s.login},
		{post, "/api/v1/auth/login/totp", Public, s.loginSecondFactor},
		{post, "/api/v1/auth/password/forgot", Public, s.forgotPassword},
		{post, "/api/v1/auth/links/inspect", Public, s.inspectLink()},
		{post, "/api/v1/auth/links/password", Public, s.setPasswordWithLink},
		{get, "/api/v1/auth/session", Session, s.session},
		{post, "/api/v1/auth/logout", Session, s.logout},
		{post, "/api/v1/auth/logout-all", Session, s.logoutEverywhere},

		// The signed-in user's own account.
		{get, "/api/v1/account", Session, s.account()},
		{patch, "/api/v1/account", Session, s.updateAccount()},
		{post, "/api/v1/account/password", Session, s.changePassword},
		{post, "/api/v1/account/totp/setup", Session, s.totpSetup()},
		{post, "/api/v1/account/totp/enable", Session, s.totpEnable()},
		{post, "/api/v1/account/totp/disable", Session, s.totpDisable()},

		// Clients and users (A2, A4).
		{get, "/api/v1/admin/clients", Admin, s.listClients},
		{post, "/api/v1/admin/clients", Admin, s.createClient()},
		{get, "/api/v1/admin/clients/:id", Admin, s.getClient()},
		{patch, "/api/v1/admin/clients/:id", Admin, s.updateClient()},
		{del, "/api/v1/admin/clients/:id", Admin, s.deleteClient()},
		{post, "/api/v1/admin/clients/:id/archive", Admin, s.archiveClient(true)},
		{post, "/api/v1/admin/clients/:id/restore", Admin, s.archiveClient(false)},
		{get, "/api/v1/admin/users", Admin, s.listUsers},
		{post, "/api/v1/admin/users", Admin, s.inviteUser()},
		{get, "/api/v1/admin/users/:id", Admin, s.getUser()},
		{patch, "/api/v1/admin/users/:id", Admin, s.updateUser()},
		{post, "/api/v1/admin/users/:id/disable", Admin, s.disableUser(true)},
		{post, "/api/v1/admin/users/:id/enable", Admin, s.disableUser(false)},
		{post, "/api/v1/admin/users/:id/invitation", Admin, s.resendInvitation()},
		{del, "/api/v1/admin/users/:id/sessions", Admin, s.endUserSessions()},

		// Projects and milestones (C2, C3, A1, A3, X2, X6).
		{get, "/api/v1/projects", Session, s.listProjects},
		{get, "/api/v1/projects/:id", Session, s.getProject()},
		{get, "/api/v1/admin/overview", Admin, s.adminOverview()},
		{get, "/api/v1/admin/jobs", Admin, s.jobRuns},
		{post, "/api/v1/admin/projects", Admin, s.createProject()},
		{patch, "/api/v1/admin/projects/:id", Admin, s.updateProject()},
		{post, "/api/v1/admin/projects/:id/milestones", Admin, s.addMilestone()},
		{put, "/api/v1/admin/projects/:id/milestones/order", Admin, s.reorderMilestones()},
		{patch, "/api/v1/admin/milestones/:id", Admin, s.updateMilestone()},
		{del, "/api/v1/admin/milestones/:id", Admin, s.deleteMilestone()},
		{post, "/api/v1/admin/milestones/:id/state", Admin, s.setMilestoneState()},

		// Deliverables (C2-C5, A5).
		{get, "/api/v1/projects/:id/deliverables", Session, s.listDeliverables()},
		{get, "/api/v1/versions/latest", Session, s.latestVersions(false)},
		{get, "/api/v1/versions/:id/download", Session, s.download},
		{post, "/api/v1/versions/:id/decision", Session, s.decide()},
		{post, "/api/v1/admin/projects/:id/deliverables", Admin, s.upload(false)},
		{post, "/api/v1/admin/deliverables/:id/versions", Admin, s.upload(true)},
		{del, "/api/v1/admin/versions/:id", Admin, s.deleteVersion()},
		{get, "/api/v1/admin/versions/pending", Admin, s.latestVersions(true)},
		{get, "/api/v1/admin/versions/:id/downloads", Admin, s.versionDownloads},

		// Exchanges: messages, live events, notifications (C6, C7, A6).
		{get, "/api/v1/events", Session, s.events},
		{get, "/api/v1/projects/:id/messages", Session, s.listMessages},
		{post, "/api/v1/projects/:id/messages", Session, s.postMessage()},
		{post, "/api/v1/projects/:id/messages/read", Session, s.markThreadRead()},
		{post, "/api/v1/projects/:id/attachments", Session, s.uploadAttachment},
		{patch, "/api/v1/messages/:id", Session, s.editMessage()},
		{del, "/api/v1/messages/:id", Session, s.deleteMessage()},
		{get, "/api/v1/attachments/:id/download", Session, s.downloadAttachment},
		{get, "/api/v1/notifications", Session, s.listNotifications},
		{post, "/api/v1/notifications/read", Session, s.readNotifications()},
		{get, "/api/v1/account/notifications", Session, s.notificationPrefs()},
		{put, "/api/v1/account/notifications", Session, s.setNotificationPrefs()},
		{get, "/api/v1/admin/messages", Admin, s.searchMessages},
		{get, "/api/v1/admin/messages/export.csv", Admin, s.exportMessages},

		// Statistics, follow-up reports and the audit log (A7, X3).
		{get, "/api/v1/admin/statistics", Admin, s.statistics},
		{get, "/api/v1/projects/:id/report.pdf", Session, s.projectReport("pdf")},
		{get, "/api/v1/projects/:id/report.csv", Session, s.projectReport("csv")},
		{get, "/api/v1/admin/clients/:id/report.pdf", Admin, s.clientReport("pdf")},
		{get, "/api/v1/admin/clients/:id/report.csv", Admin, s.clientReport("csv")},
		{get, "/api/v1/admin/audit", Admin, s.auditLog},
		{get, "/api/v1/admin/audit/export.csv", Admin, s.exportAudit},
		{get, "/api/v1/admin/audit/chain", Admin, s.auditChain},

		// Unknown API paths answer the JSON error shape, never the SPA.
		{get, "/api/*", Public, s.apiNotFound},
		{post, "/api/*", Public, s.apiNotFound},
		{put, "/api/*", Public, s.apiNotFound},
		{patch, "/api/*", Public, s.apiNotFound},
		{del, "/api/*", Public, s.apiNotFound},

		// Everything else is the single-page application: its files, or index.html for its routes.
		{get, "/*", Public, s.spa.serve},
	}
}

// register mounts the route table; signed-in routes get the session middleware.
func (s *Server) register(app *fiber.App) {
	api := []fiber.Handler{s.sameOrigin}
	for _, r := range s.routes() {
		chain := []fiber.Handler{}
		if len(r.Path) > 5 && r.Path[:5] == "/api/" {
			chain = append(chain, api...)
		}
		if r.Access != Public {
			chain = append(chain, s.requireSession)
		}
		app.Add(r.Method, r.Path, append(chain, r.Handler)...)
	}
}

// RouteTable lists the routes with their access, for the role-matrix test.
func (s *Server) RouteTable() []Route { return s.routes() }

package server

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Flags say who may call a route and what its connection may do. Each flag is enforced by
// the middleware that register puts in front of the route's handler, never by its path; the
// role-matrix test checks every route against them.
type Flags uint8

const (
	// Public: anyone, signed in or not.
	Public Flags = 0
	// Session: a signed-in user (401 otherwise); the use case decides what they may see.
	Session Flags = 1 << iota
	// Admin: staff only. A middleware answers 403 to anyone else before the handler runs,
	// and the use case's authorization checks again (defence in depth).
	Admin
	// Transfer: the route moves a file (upload or download). Once the session is verified,
	// and only then, its connection gets the long deadlines of server.transfer_timeout; an
	// upload takes one of the user's server.max_uploads_per_user slots. Never compressed.
	Transfer
	// Stream: an answer that stays open (live events): never compressed. Its handler holds
	// one of the user's server.max_streams_per_user slots and renews its own write deadline
	// for as long as the stream runs, which outlives the handler and so its middleware.
	Stream
	// Cached: a GET whose answer depends only on the signed-in user, the address and the
	// database: kept in memory and served again until this process writes anything
	// (answercache.go). Needs Session.
	Cached
)

// has reports whether f holds every flag of g.
func (f Flags) has(g Flags) bool { return f&g == g }

// signedIn reports whether the route needs a session.
func (f Flags) signedIn() bool { return f&(Session|Admin) != 0 }

// Route is one line of the route table.
type Route struct {
	Method  string
	Path    string
	Flags   Flags
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
		{post, "/api/v1/auth/links/inspect", Public, s.inspectLink},
		{post, "/api/v1/auth/links/password", Public, s.setPasswordWithLink},
		{get, "/api/v1/auth/session", Public, s.session},
		{post, "/api/v1/auth/logout", Session, s.logout},
		{post, "/api/v1/auth/logout-all", Session, s.logoutEverywhere},

		// The signed-in user's own account.
		{get, "/api/v1/account", Session, s.account},
		{patch, "/api/v1/account", Session, s.updateAccount},
		{post, "/api/v1/account/password", Session, s.changePassword},
		{post, "/api/v1/account/totp/setup", Session, s.totpSetup},
		{post, "/api/v1/account/totp/enable", Session, s.totpEnable},
		{post, "/api/v1/account/totp/disable", Session, s.totpDisable},
		{get, "/api/v1/account/calendar", Session, s.calendarStatus},
		{post, "/api/v1/account/calendar", Session, s.enableCalendar},
		{del, "/api/v1/account/calendar", Session, s.disableCalendar},
		// The private calendar feed: its secret is the only credential (calendar programs
		// carry no session), and it grants this feed alone.
		{get, calendarPrefix + ":token.ics", Public, s.calendarFeed},

		// Clients and users (A2, A4).
		{get, "/api/v1/admin/clients", Admin, s.listClients},
		{post, "/api/v1/admin/clients", Admin, s.createClient},
		{get, "/api/v1/admin/clients/:id", Admin, s.getClient},
		{patch, "/api/v1/admin/clients/:id", Admin, s.updateClient},
		{del, "/api/v1/admin/clients/:id", Admin, s.deleteClient},
		{post, "/api/v1/admin/clients/:id/archive", Admin, s.archiveClient},
		{post, "/api/v1/admin/clients/:id/restore", Admin, s.restoreClient},
		{get, "/api/v1/admin/users", Admin, s.listUsers},
		{post, "/api/v1/admin/users", Admin, s.inviteUser},
		{get, "/api/v1/admin/users/:id", Admin, s.getUser},
		{patch, "/api/v1/admin/users/:id", Admin, s.updateUser},
		{post, "/api/v1/admin/users/:id/disable", Admin, s.disableUser},
		{post, "/api/v1/admin/users/:id/enable", Admin, s.enableUser},
		{post, "/api/v1/admin/users/:id/invitation", Admin, s.resendInvitation},
		{del, "/api/v1/admin/users/:id/sessions", Admin, s.endUserSessions},

		// Projects and milestones (C2, C3, A1, A3, X2, X6).
		{get, "/api/v1/projects", Session | Cached, s.listProjects},
		{get, "/api/v1/projects/:id", Session | Cached, s.getProject},
		{get, "/api/v1/admin/overview", Admin, s.adminOverview},
		{get, "/api/v1/admin/jobs", Admin, s.jobRuns},
		{post, "/api/v1/admin/projects", Admin, s.createProject},
		{patch, "/api/v1/admin/projects/:id", Admin, s.updateProject},
		{post, "/api/v1/admin/projects/:id/milestones", Admin, s.addMilestone},
		{put, "/api/v1/admin/projects/:id/milestones/order", Admin, s.reorderMilestones},
		{patch, "/api/v1/admin/milestones/:id", Admin, s.updateMilestone},
		{del, "/api/v1/admin/milestones/:id", Admin, s.deleteMilestone},
		{post, "/api/v1/admin/milestones/:id/state", Admin, s.setMilestoneState},

		// Tasks inside steps.
		{get, "/api/v1/projects/:id/tasks", Session, s.listTasks},
		{get, "/api/v1/tasks/:id", Session, s.getTask},
		{post, "/api/v1/admin/milestones/:id/tasks", Admin, s.addTask},
		{post, "/api/v1/admin/milestones/:id/tasks/paste", Admin, s.pasteTasks},
		{put, "/api/v1/admin/milestones/:id/tasks/order", Admin, s.reorderTasks},
		{patch, "/api/v1/admin/tasks/:id", Admin, s.updateTask},
		{post, "/api/v1/admin/tasks/:id/status", Admin, s.setTaskStatus},
		{post, "/api/v1/admin/tasks/:id/move", Admin, s.moveTask},
		{del, "/api/v1/admin/tasks/:id", Admin, s.deleteTask},

		// Deliverables (C2-C5, A5).
		{get, "/api/v1/projects/:id/deliverables", Session, s.listDeliverables},
		{get, "/api/v1/versions/latest", Session, s.latestVersions},
		{get, "/api/v1/versions/:id/download", Session | Transfer, s.download},
		{post, "/api/v1/versions/:id/decision", Session, s.decide},
		{post, "/api/v1/admin/projects/:id/deliverables", Admin | Transfer, s.uploadDeliverable},
		{post, "/api/v1/admin/deliverables/:id/versions", Admin | Transfer, s.uploadVersion},
		{del, "/api/v1/admin/versions/:id", Admin, s.deleteVersion},
		{get, "/api/v1/admin/versions/pending", Admin, s.pendingVersions},
		{get, "/api/v1/admin/versions/:id/downloads", Admin, s.versionDownloads},

		// Exchanges: messages, live events, notifications (C6, C7, A6).
		{get, "/api/v1/events", Session | Stream, s.events},
		{get, "/api/v1/projects/:id/messages", Session, s.listMessages},
		{post, "/api/v1/projects/:id/messages", Session, s.postMessage},
		{post, "/api/v1/projects/:id/messages/read", Session, s.markThreadRead},
		{post, "/api/v1/projects/:id/attachments", Session | Transfer, s.uploadAttachment},
		{patch, "/api/v1/messages/:id", Session, s.editMessage},
		{del, "/api/v1/messages/:id", Session, s.deleteMessage},
		{get, "/api/v1/attachments/:id/download", Session | Transfer, s.downloadAttachment},
		{get, "/api/v1/notifications", Session, s.listNotifications},
		{post, "/api/v1/notifications/read", Session, s.readNotifications},
		{get, "/api/v1/account/notifications", Session, s.notificationPrefs},
		{put, "/api/v1/account/notifications", Session, s.setNotificationPrefs},
		{get, "/api/v1/admin/messages", Admin, s.searchMessages},
		{get, "/api/v1/admin/messages/export.csv", Admin, s.exportMessages},

		// Retours: the client's feedback, tracked to closure (issue 14, §2). Their files are
		// uploaded by the project's attachments route; their thread is messages.
		{get, "/api/v1/projects/:id/retours", Session, s.listProjectRetours},
		{post, "/api/v1/projects/:id/retours", Session, s.openRetour},
		{get, "/api/v1/projects/:id/retours/export.csv", Session, s.exportProjectRetours},
		{get, "/api/v1/retours/summary", Session, s.retourCounts},
		{get, "/api/v1/retours/:id", Session, s.getRetour},
		{post, "/api/v1/retours/:id/transition", Session, s.moveRetour},
		{get, "/api/v1/retours/:id/messages", Session, s.listRetourMessages},
		{post, "/api/v1/retours/:id/messages", Session, s.postRetourMessage},
		{get, "/api/v1/admin/retours", Admin, s.listAllRetours},
		{get, "/api/v1/admin/retours/export.csv", Admin, s.exportAllRetours},
		{patch, "/api/v1/admin/retours/:id", Admin, s.triageRetour},

		// « À traiter »: what waits for the client, or for the staff (issue 14, §4).
		{get, "/api/v1/todo", Session, s.todo},

		// Statistics, follow-up reports and the audit log (A7, X3).
		{get, "/api/v1/admin/statistics", Admin, s.statistics},
		{get, "/api/v1/projects/:id/report.pdf", Session, s.projectReport},
		{get, "/api/v1/projects/:id/report.csv", Session, s.projectReport},
		{get, "/api/v1/admin/clients/:id/report.pdf", Admin, s.clientReport},
		{get, "/api/v1/admin/clients/:id/report.csv", Admin, s.clientReport},
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

// register mounts the route table.
func (s *Server) register(app *fiber.App) { s.mount(app, s.routes()) }

// mount adds routes to app, each behind the middleware its path and flags call for.
func (s *Server) mount(app *fiber.App, routes []Route) {
	for _, r := range routes {
		app.Add(r.Method, r.Path, append(s.middlewareOf(r), r.Handler)...)
	}
}

// middlewareOf is what runs before a route's handler, in order.
func (s *Server) middlewareOf(r Route) []fiber.Handler {
	if r.Flags.has(Transfer) && !r.Flags.signedIn() || r.Flags.has(Transfer|Stream) {
		// The long deadlines are for verified users only, and a route is one or the other.
		panic(fmt.Sprintf("server: route %s %s: Transfer needs Session or Admin, and excludes Stream", r.Method, r.Path))
	}
	if r.Flags.has(Cached) && (r.Method != fiber.MethodGet || !r.Flags.signedIn() || r.Flags&(Transfer|Stream) != 0) {
		// The key is the user's: an anonymous answer would be shared by everyone.
		panic(fmt.Sprintf("server: route %s %s: Cached is for signed-in GET routes that neither transfer nor stream", r.Method, r.Path))
	}
	var chain []fiber.Handler
	if !r.Flags.has(Transfer) && !r.Flags.has(Stream) {
		chain = append(chain, s.requestDeadline)
	}
	if strings.HasPrefix(r.Path, "/api/") {
		chain = append(chain, noStore, s.sameOrigin)
		if !r.Flags.has(Transfer) && !r.Flags.has(Stream) && !r.Flags.has(Cached) {
			// Small JSON answers only: transfers stream (often compressed already, and
			// compression would break byte ranges), and a stream never ends.
			chain = append(chain, s.compress)
		}
	}
	if r.Flags.signedIn() {
		chain = append(chain, s.requireSession)
	}
	if r.Flags.has(Admin) {
		chain = append(chain, s.requireStaff)
	}
	if r.Flags.has(Cached) {
		// The cache keeps the compressed body: it sits after the session's checks and before the compressor.
		if !s.opt.SharedDatabase {
			chain = append(chain, s.cached)
		}
		chain = append(chain, s.compress)
	}
	if r.Method == fiber.MethodPost && r.Flags.signedIn() {
		chain = append(chain, s.idempotent(r.Flags.has(Transfer)))
	}
	if r.Flags.has(Transfer) {
		if r.Method != fiber.MethodGet {
			chain = append(chain, s.uploadSlot)
		}
		chain = append(chain, s.transferDeadlines)
	}
	return chain
}

// RouteTable lists the routes with their flags, for the role-matrix test.
func (s *Server) RouteTable() []Route { return s.routes() }

package server

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
)

// The role matrix (README, "Accounts and security"; the security bar in ../shared/docs/security.md): every route of the table is called
// as each kind of visitor, against an object of client A, of client B and a missing one, and,
// where a line names them, against the staff's internal objects: the note in A's conversation
// (object "internal"; for a retour's routes, RetourA whose thread holds a note) and the note in
// RetourA's thread (object "retour internal"), each with its file. A client reaching one fails the
// suite, and so does any answer to a client that shows a note's words or file name. A route that
// the matrix does not know fails the suite, so a new route cannot ship unchecked.

const (
	anon     = "anonymous"
	clientA  = "client A"
	clientA2 = "client A colleague"
	clientB  = "client B"
	admin    = "admin"
	disabled = "disabled user"
)

// watchedTables must not change when a request is refused.
var watchedTables = []string{"clients", "users", "auth_tokens", "projects", "milestones", "milestone_events",
	"deliverables", "deliverable_versions", "deliverable_decisions", "messages", "message_attachments", "message_reads", "notifications",
	"tasks", "calendar_feeds", "retours", "retour_events"}

var visitors = []string{anon, disabled, clientA, clientA2, clientB, admin} // admin last: its writes are allowed

// matrixCase says how to call one route and what each visitor gets.
type matrixCase struct {
	// path builds the URL; obj is "A", "B", "missing", "internal" or "retour internal" for routes
	// with an :id.
	path func(h *harness, obj string) string
	// body is sent as JSON; a func(*harness) any or func(*harness, obj string) any is called
	// first (for bodies naming fixture ids).
	body any
	// want is the status per visitor; visitors absent from it get the route's default for its flags.
	want map[string]int
	// objs is, for routes with an :id, the status per visitor and object ("A", "B", "missing",
	// and "internal" or "retour internal" when the line checks an internal object); visitors
	// absent from it get the route's default.
	objs map[string]map[string]int
	// stream: the answer never ends (Server-Sent Events); it is read over a real connection up
	// to its headers.
	stream bool
}

// pathFunc builds the URL of a route for an object: "A", "B", "missing", "internal" or "retour internal".
type pathFunc = func(h *harness, obj string) string

func fixed(p string) pathFunc { return func(*harness, string) string { return p } }

// ids names the row behind each object a matrix line uses.
type ids map[string]int64

// idPath builds the URLs of a route with an :id from format and the rows that pick names;
// "missing" is an id no row has.
func idPath(format string, pick func(h *harness) ids) pathFunc {
	return func(h *harness, obj string) string {
		id := pick(h)[obj]
		if obj == "missing" {
			id = 999999
		}
		return fmt.Sprintf(format, id)
	}
}

func clientPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids { return ids{"A": h.cast.ClientA.ID, "B": h.cast.ClientB.ID} })
}

// The internal object of a project route is A's project (the notes'), of a message or attachment
// route the internal note or its file, of a retour route RetourA (whose thread holds a note).
func projectPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids {
		return ids{"A": h.cast.ProjectA.ID, "internal": h.cast.ProjectA.ID, "retour internal": h.cast.ProjectA.ID, "B": h.cast.ProjectB.ID}
	})
}

func milestonePath(f string) pathFunc {
	return idPath(f, func(h *harness) ids { return ids{"A": h.cast.StepA1.ID, "B": h.cast.StepB1.ID} })
}

func messagePath(f string) pathFunc {
	return idPath(f, func(h *harness) ids {
		return ids{"A": h.cast.MessageA.ID, "B": h.cast.MessageB.ID, "internal": h.cast.MessageAInternal.ID, "retour internal": h.retourNote.ID}
	})
}

func versionPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids { return ids{"A": h.cast.VersionA.ID, "B": h.cast.VersionB.ID} })
}

func attachmentPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids {
		return ids{"A": h.cast.AttachmentA.ID, "B": h.cast.AttachmentB.ID, "internal": h.cast.AttachmentAInternal.ID, "retour internal": h.retourNoteFile.ID}
	})
}

func deliverablePath(f string) pathFunc {
	return idPath(f, func(h *harness) ids { return ids{"A": h.cast.DeliverableA.ID, "B": h.cast.DeliverableB.ID} })
}

func retourPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids {
		return ids{"A": h.cast.RetourA.ID, "internal": h.cast.RetourA.ID, "B": h.cast.RetourB.ID}
	})
}

// taskPath names client A's visible task, client B's, a missing one, and A's internal task as
// the "internal" object; internalTaskPath names A's internal task in place of A's.
func taskPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids {
		return ids{"A": h.cast.TaskA.ID, "B": h.cast.TaskB.ID, "internal": h.cast.TaskAInternal.ID}
	})
}

func internalTaskPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids { return ids{"A": h.cast.TaskAInternal.ID, "B": h.cast.TaskB.ID} })
}

func userPath(f string) pathFunc {
	return idPath(f, func(h *harness) ids { return ids{"A": h.cast.A2.ID, "B": h.cast.B1.ID} })
}

// calendarPath names A1's feed, B1's, and a secret that is nobody's.
func calendarPath(h *harness, obj string) string {
	secret := map[string]string{"A": h.cast.CalendarA1, "B": h.cast.CalendarB1, "missing": "secret-inconnu"}[obj]
	return "/api/v1/calendar/" + secret + ".ics"
}

// bodyOf is the JSON body of a matrix line for an object.
func bodyOf(c matrixCase, h *harness, obj string) any {
	switch f := c.body.(type) {
	case func(*harness) any:
		return f(h)
	case func(*harness, string) any:
		return f(h, obj)
	}
	return c.body
}

// internalObj adds the statuses of internal objects (by default the note in A's conversation) to
// a line's: staff reach them, no client does (404, as for another company's object, so that
// nothing tells a client that a note exists).
func internalObj(objs map[string]map[string]int, staff int, names ...string) map[string]map[string]int {
	if len(names) == 0 {
		names = []string{"internal"}
	}
	for _, name := range names {
		for _, v := range []string{clientA, clientA2, clientB, admin} {
			if objs[v] == nil {
				objs[v] = map[string]int{}
			}
			objs[v][name] = 404
		}
		objs[admin][name] = staff
	}
	return objs
}

// withThreadNote adds object "internal" to a line of a route that reads something holding an
// internal note (A's project, RetourA): those who may see it get status (the note itself left
// out: the leak check of every answer sees to it), B's users 404.
func withThreadNote(objs map[string]map[string]int, status int) map[string]map[string]int {
	objs[clientA]["internal"], objs[clientA2]["internal"], objs[clientB]["internal"], objs[admin]["internal"] = status, status, 404, status
	return objs
}

// postsInThread is the line of a route that posts a message in a thread: object "internal" posts
// an internal note, the staff's alone (403 to A's users, 404 to B's, who may not see the project
// at all).
func postsInThread(path func(*harness, string) string, text string, objs map[string]map[string]int) matrixCase {
	objs[clientA]["internal"], objs[clientA2]["internal"], objs[clientB]["internal"], objs[admin]["internal"] = 403, 403, 404, 201
	return matrixCase{path: path, objs: objs, body: func(_ *harness, obj string) any {
		return map[string]any{"body": text, "internal": obj == "internal"}
	}}
}

// notesTraces are what of the internal notes an answer to a client must never show.
var notesTraces = []string{portaltest.InternalNoteText, portaltest.InternalNoteFile, portaltest.RetourNoteText, portaltest.RetourNoteFile}

func matrix() map[string]matrixCase {
	unknown := 0
	ok := func(status int) map[string]int {
		return map[string]int{clientA: status, clientA2: status, clientB: status, admin: status}
	}
	adminOnly := func(status int) map[string]int { return map[string]int{admin: status} }
	adminObj := func(a, b int) map[string]map[string]int {
		return map[string]map[string]int{admin: {"A": a, "B": b, "missing": 404}}
	}
	// ownOnly: each client sees its own company's object and gets 404 for the other's.
	ownOnly := func(status int) map[string]map[string]int {
		mine := map[string]int{"A": status, "B": 404, "missing": 404}
		return map[string]map[string]int{clientA: mine, clientA2: mine, clientB: {"A": 404, "B": status, "missing": 404},
			admin: {"A": status, "B": status, "missing": 404}}
	}
	return map[string]matrixCase{
		"POST /api/v1/auth/login": {path: fixed("/api/v1/auth/login"), body: func(*harness) any {
			// A new unknown address per call: five failures on one address would lock it (429).
			unknown++
			return map[string]string{"email": fmt.Sprintf("nobody%d@example.com", unknown), "password": "x"}
		},
			want: map[string]int{anon: 401, disabled: 401, clientA: 401, clientA2: 401, clientB: 401, admin: 401}},
		"POST /api/v1/auth/login/totp": {path: fixed("/api/v1/auth/login/totp"), body: map[string]string{"code": "123456"},
			want: map[string]int{anon: 401, disabled: 401, clientA: 401, clientA2: 401, clientB: 401, admin: 401}},
		"POST /api/v1/auth/password/forgot": {path: fixed("/api/v1/auth/password/forgot"), body: map[string]string{"email": "nobody@example.com"},
			want: map[string]int{anon: 202, disabled: 202, clientA: 202, clientA2: 202, clientB: 202, admin: 202}},
		"POST /api/v1/auth/links/inspect": {path: fixed("/api/v1/auth/links/inspect"), body: map[string]string{"token": "nope"},
			want: map[string]int{anon: 404, disabled: 404, clientA: 404, clientA2: 404, clientB: 404, admin: 404}},
		"POST /api/v1/auth/links/password": {path: fixed("/api/v1/auth/links/password"), body: map[string]string{"token": "nope", "password": "x"},
			want: map[string]int{anon: 404, disabled: 404, clientA: 404, clientA2: 404, clientB: 404, admin: 404}},
		// Nobody signed in is an answer ({"user": null}), not an error (see session).
		"GET /api/v1/auth/session": {path: fixed("/api/v1/auth/session"),
			want: map[string]int{anon: 200, disabled: 200, clientA: 200, clientA2: 200, clientB: 200, admin: 200}},
		"POST /api/v1/auth/logout":     {path: fixed("/api/v1/auth/logout"), want: ok(204)},
		"POST /api/v1/auth/logout-all": {path: fixed("/api/v1/auth/logout-all"), want: ok(204)},
		"GET /api/v1/account":          {path: fixed("/api/v1/account"), want: ok(200)},
		"PATCH /api/v1/account":        {path: fixed("/api/v1/account"), body: map[string]string{"name": "Nouveau Nom", "language": "fr"}, want: ok(200)},
		"POST /api/v1/account/password": {path: fixed("/api/v1/account/password"),
			body: map[string]string{"current_password": "wrong", "new_password": "nouvelle-phrase-secrete"}, want: ok(422)},
		"POST /api/v1/account/totp/setup":   {path: fixed("/api/v1/account/totp/setup"), want: ok(200)},
		"POST /api/v1/account/totp/enable":  {path: fixed("/api/v1/account/totp/enable"), body: map[string]string{"code": "000000"}, want: ok(409)},
		"POST /api/v1/account/totp/disable": {path: fixed("/api/v1/account/totp/disable"), body: map[string]string{"password": "wrong"}, want: ok(422)},
		"GET /api/v1/account/calendar":      {path: fixed("/api/v1/account/calendar"), want: ok(200)},
		"POST /api/v1/account/calendar":     {path: fixed("/api/v1/account/calendar"), want: ok(201)},
		"DELETE /api/v1/account/calendar":   {path: fixed("/api/v1/account/calendar"), want: ok(204)},
		// The secret is the credential: whoever holds it reads that feed, and no other.
		"GET /api/v1/calendar/:token.ics": {path: calendarPath, objs: func() map[string]map[string]int {
			m := map[string]map[string]int{}
			for _, v := range visitors {
				m[v] = map[string]int{"A": 200, "B": 200, "missing": 404}
			}
			return m
		}()},

		"GET /api/v1/admin/clients": {path: fixed("/api/v1/admin/clients"), want: adminOnly(200)},
		"POST /api/v1/admin/clients": {path: fixed("/api/v1/admin/clients"), body: map[string]string{"name": "Gamma SARL"},
			want: adminOnly(201)},
		"GET /api/v1/admin/clients/:id": {path: clientPath("/api/v1/admin/clients/%d"), objs: adminObj(200, 200)},
		"PATCH /api/v1/admin/clients/:id": {path: clientPath("/api/v1/admin/clients/%d"), body: map[string]string{"name": "Renommé"},
			objs: adminObj(200, 200)},
		"DELETE /api/v1/admin/clients/:id": {path: clientPath("/api/v1/admin/clients/%d"), body: map[string]string{"confirm_name": "beta"},
			objs: map[string]map[string]int{admin: {"A": 422, "B": 409, "missing": 404}}},
		"POST /api/v1/admin/clients/:id/archive": {path: clientPath("/api/v1/admin/clients/%d/archive"), objs: adminObj(200, 200)},
		"POST /api/v1/admin/clients/:id/restore": {path: clientPath("/api/v1/admin/clients/%d/restore"), objs: adminObj(200, 200)},
		"GET /api/v1/admin/users":                {path: fixed("/api/v1/admin/users"), want: adminOnly(200)},
		"POST /api/v1/admin/users": {path: fixed("/api/v1/admin/users"),
			body: map[string]any{"email": "new@gamma.example", "name": "Nouvel Admin", "role": "admin"}, want: adminOnly(201)},
		"GET /api/v1/admin/users/:id": {path: userPath("/api/v1/admin/users/%d"), objs: adminObj(200, 200)},
		"PATCH /api/v1/admin/users/:id": {path: userPath("/api/v1/admin/users/%d"),
			body: func(h *harness) any {
				return map[string]any{"email": "moved@alpha.example", "name": "Déplacé", "role": "client", "client_id": h.cast.ClientA.ID}
			},
			objs: adminObj(200, 200)},
		"POST /api/v1/admin/users/:id/disable":    {path: userPath("/api/v1/admin/users/%d/disable"), objs: adminObj(200, 200)},
		"POST /api/v1/admin/users/:id/enable":     {path: userPath("/api/v1/admin/users/%d/enable"), objs: adminObj(200, 200)},
		"POST /api/v1/admin/users/:id/invitation": {path: userPath("/api/v1/admin/users/%d/invitation"), objs: adminObj(409, 409)},
		"DELETE /api/v1/admin/users/:id/sessions": {path: userPath("/api/v1/admin/users/%d/sessions"), objs: adminObj(200, 200)},

		"GET /api/v1/projects":       {path: fixed("/api/v1/projects"), want: ok(200)},
		"GET /api/v1/projects/:id":   {path: projectPath("/api/v1/projects/%d"), objs: ownOnly(200)},
		"GET /api/v1/admin/overview": {path: fixed("/api/v1/admin/overview"), want: adminOnly(200)},
		"GET /api/v1/admin/jobs":     {path: fixed("/api/v1/admin/jobs"), want: adminOnly(200)},
		"POST /api/v1/admin/projects": {path: fixed("/api/v1/admin/projects"), body: func(h *harness) any {
			return map[string]any{"client_id": h.cast.ClientA.ID, "name": "Nouveau projet"}
		}, want: adminOnly(201)},
		"PATCH /api/v1/admin/projects/:id": {path: projectPath("/api/v1/admin/projects/%d"), body: func(h *harness) any {
			return map[string]any{"client_id": h.cast.ClientB.ID, "name": "Renommé", "status": "en_pause"}
		}, objs: adminObj(200, 200)},
		"POST /api/v1/admin/projects/:id/milestones": {path: projectPath("/api/v1/admin/projects/%d/milestones"),
			body: map[string]any{"title": "Recette", "due_date": "2026-12-15"}, objs: adminObj(201, 201)},
		"PUT /api/v1/admin/projects/:id/milestones/order": {path: projectPath("/api/v1/admin/projects/%d/milestones/order"),
			body: func(h *harness) any { return map[string]any{"ids": []int64{h.cast.StepA2.ID, h.cast.StepA1.ID}} },
			objs: map[string]map[string]int{admin: {"A": 200, "B": 422, "missing": 404}}},
		"PATCH /api/v1/admin/milestones/:id": {path: milestonePath("/api/v1/admin/milestones/%d"),
			body: map[string]any{"title": "Étape renommée", "weight": 2}, objs: adminObj(200, 200)},
		"DELETE /api/v1/admin/milestones/:id": {path: milestonePath("/api/v1/admin/milestones/%d"), objs: adminObj(200, 200)},
		"POST /api/v1/admin/milestones/:id/state": {path: milestonePath("/api/v1/admin/milestones/%d/state"),
			body: map[string]string{"state": "livree"}, objs: adminObj(200, 200)},

		"GET /api/v1/projects/:id/tasks": {path: projectPath("/api/v1/projects/%d/tasks"), objs: ownOnly(200)},
		"GET /api/v1/tasks/:id":          {path: taskPath("/api/v1/tasks/%d"), objs: internalObj(ownOnly(200), 200)},
		"POST /api/v1/admin/milestones/:id/tasks": {path: milestonePath("/api/v1/admin/milestones/%d/tasks"),
			body: map[string]any{"title": "Intégration", "visibility": "interne"}, objs: adminObj(201, 201)},
		"POST /api/v1/admin/milestones/:id/tasks/paste": {path: milestonePath("/api/v1/admin/milestones/%d/tasks/paste"),
			body: map[string]any{"text": "- Première\n- Seconde"}, objs: adminObj(201, 201)},
		"PUT /api/v1/admin/milestones/:id/tasks/order": {path: milestonePath("/api/v1/admin/milestones/%d/tasks/order"),
			body: func(h *harness) any { return map[string]any{"ids": []int64{h.cast.TaskAInternal.ID, h.cast.TaskA.ID}} },
			objs: map[string]map[string]int{admin: {"A": 200, "B": 422, "missing": 404}}},
		"PATCH /api/v1/admin/tasks/:id": {path: internalTaskPath("/api/v1/admin/tasks/%d"),
			body: map[string]any{"title": "Renommée", "status": "en_revue", "visibility": "interne"}, objs: adminObj(200, 200)},
		"POST /api/v1/admin/tasks/:id/status": {path: internalTaskPath("/api/v1/admin/tasks/%d/status"),
			body: map[string]string{"status": "terminee"}, objs: adminObj(200, 200)},
		// Only to a step of the task's own project: StepA2 is in A's project, not in B's.
		"POST /api/v1/admin/tasks/:id/move": {path: internalTaskPath("/api/v1/admin/tasks/%d/move"),
			body: func(h *harness) any { return map[string]any{"milestone_id": h.cast.StepA2.ID} },
			objs: map[string]map[string]int{admin: {"A": 200, "B": 422, "missing": 404}}},
		"DELETE /api/v1/admin/tasks/:id": {path: internalTaskPath("/api/v1/admin/tasks/%d"), objs: adminObj(204, 204)},

		"GET /api/v1/projects/:id/deliverables": {path: projectPath("/api/v1/projects/%d/deliverables"), objs: ownOnly(200)},
		"GET /api/v1/versions/latest":           {path: fixed("/api/v1/versions/latest"), want: ok(200)},
		"GET /api/v1/versions/:id/download":     {path: versionPath("/api/v1/versions/%d/download"), objs: ownOnly(200)},
		"POST /api/v1/versions/:id/decision": {path: versionPath("/api/v1/versions/%d/decision"), body: map[string]string{"decision": "valide"},
			objs: func() map[string]map[string]int {
				m := ownOnly(200)
				m[admin] = map[string]int{"A": 403, "B": 403, "missing": 403} // staff never decide for the client
				return m
			}()},
		"POST /api/v1/admin/projects/:id/deliverables": {path: projectPath("/api/v1/admin/projects/%d/deliverables"),
			body: rawFile{"rapport été.pdf", []byte("%PDF-1.4 upload")}, objs: adminObj(201, 201)},
		"POST /api/v1/admin/deliverables/:id/versions": {path: deliverablePath("/api/v1/admin/deliverables/%d/versions"),
			body: rawFile{"v2.pdf", []byte("%PDF-1.4 v2")}, objs: adminObj(201, 201)},
		"DELETE /api/v1/admin/versions/:id":        {path: versionPath("/api/v1/admin/versions/%d"), objs: adminObj(204, 204)},
		"GET /api/v1/admin/versions/pending":       {path: fixed("/api/v1/admin/versions/pending"), want: adminOnly(200)},
		"GET /api/v1/admin/versions/:id/downloads": {path: versionPath("/api/v1/admin/versions/%d/downloads"), objs: adminObj(200, 200)},

		"GET /api/v1/events":                {path: fixed("/api/v1/events"), want: ok(200), stream: true},
		"GET /api/v1/projects/:id/messages": {path: projectPath("/api/v1/projects/%d/messages"), objs: ownOnly(200)},
		// Object "internal" posts an internal note in A's conversation: staff only (403 to A's
		// users, 404 to B's, who may not see the project at all).
		"POST /api/v1/projects/:id/messages": postsInThread(projectPath("/api/v1/projects/%d/messages"), "Bonjour", ownOnly(201)),
		// The marker moves to a message of the thread that the reader may see: object "internal"
		// names the internal note in A's conversation.
		"POST /api/v1/projects/:id/messages/read": {path: projectPath("/api/v1/projects/%d/messages/read"),
			body: func(h *harness, obj string) any {
				id := map[string]int64{"A": h.cast.MessageA.ID, "B": h.cast.MessageB.ID, "missing": h.cast.MessageA.ID, "internal": h.cast.MessageAInternal.ID,
					"retour internal": h.retourNote.ID}[obj]
				return map[string]int64{"message_id": id}
			}, objs: internalObj(ownOnly(204), 204, "internal", "retour internal")},
		"POST /api/v1/projects/:id/attachments": {path: projectPath("/api/v1/projects/%d/attachments"),
			body: rawFile{"capture écran.png", []byte("\x89PNG")}, objs: ownOnly(201)},
		// A message can be changed by its author (A1 wrote A, B1 wrote B) or an admin.
		"PATCH /api/v1/messages/:id": {path: messagePath("/api/v1/messages/%d"), body: map[string]string{"body": "Corrigé"},
			objs: internalObj(map[string]map[string]int{clientA: {"A": 200, "B": 404, "missing": 404}, clientA2: {"A": 403, "B": 404, "missing": 404},
				clientB: {"A": 404, "B": 200, "missing": 404}, admin: {"A": 200, "B": 200, "missing": 404}}, 200, "internal", "retour internal")},
		"DELETE /api/v1/messages/:id": {path: messagePath("/api/v1/messages/%d"),
			objs: internalObj(map[string]map[string]int{clientA: {"A": 204, "B": 404, "missing": 404}, clientA2: {"A": 403, "B": 404, "missing": 404},
				clientB: {"A": 404, "B": 204, "missing": 404}, admin: {"A": 409, "B": 409, "missing": 404}}, 204, "internal", "retour internal")},
		"GET /api/v1/attachments/:id/download": {path: attachmentPath("/api/v1/attachments/%d/download"),
			objs: internalObj(ownOnly(200), 200, "internal", "retour internal")},
		"GET /api/v1/notifications":         {path: fixed("/api/v1/notifications"), want: ok(200)},
		"POST /api/v1/notifications/read":   {path: fixed("/api/v1/notifications/read"), body: map[string]int{"id": 0}, want: ok(200)},
		"GET /api/v1/account/notifications": {path: fixed("/api/v1/account/notifications"), want: ok(200)},
		"PUT /api/v1/account/notifications": {path: fixed("/api/v1/account/notifications"),
			body: map[string]any{"modes": map[string]string{"message": "digest"}, "digest_hour": 7}, want: ok(200)},
		"GET /api/v1/admin/messages":            {path: fixed("/api/v1/admin/messages?q=maquette"), want: adminOnly(200)},
		"GET /api/v1/admin/messages/export.csv": {path: fixed("/api/v1/admin/messages/export.csv"), want: adminOnly(200)},

		"GET /api/v1/projects/:id/retours": {path: projectPath("/api/v1/projects/%d/retours?status=ouvert&sort=priority"), objs: withThreadNote(ownOnly(200), 200)},
		"POST /api/v1/projects/:id/retours": {path: projectPath("/api/v1/projects/%d/retours"),
			body: map[string]any{"kind": "anomalie", "priority": "mineur", "title": "Le bouton ne répond pas"}, objs: ownOnly(201)},
		"GET /api/v1/projects/:id/retours/export.csv": {path: projectPath("/api/v1/projects/%d/retours/export.csv"), objs: ownOnly(200)},
		"GET /api/v1/retours/summary":                 {path: fixed("/api/v1/retours/summary"), want: ok(200)},
		"GET /api/v1/todo":                            {path: fixed("/api/v1/todo"), want: ok(200)},
		"GET /api/v1/retours/:id":                     {path: retourPath("/api/v1/retours/%d"), objs: withThreadNote(ownOnly(200), 200)},
		// Taking a retour into account is the staff's move: its client gets 403, the other 404.
		"POST /api/v1/retours/:id/transition": {path: retourPath("/api/v1/retours/%d/transition"), body: map[string]string{"to": "pris_en_compte"},
			objs: map[string]map[string]int{clientA: {"A": 403, "B": 404, "missing": 404}, clientA2: {"A": 403, "B": 404, "missing": 404},
				clientB: {"A": 404, "B": 403, "missing": 404}, admin: {"A": 200, "B": 200, "missing": 404}}},
		"GET /api/v1/retours/:id/messages": {path: retourPath("/api/v1/retours/%d/messages"), objs: withThreadNote(ownOnly(200), 200)},
		// Object "internal" posts an internal note in RetourA's thread.
		"POST /api/v1/retours/:id/messages":    postsInThread(retourPath("/api/v1/retours/%d/messages"), "Toujours là", ownOnly(201)),
		"GET /api/v1/admin/retours":            {path: fixed("/api/v1/admin/retours?status=ouvert&age=0"), want: adminOnly(200)},
		"GET /api/v1/admin/retours/export.csv": {path: fixed("/api/v1/admin/retours/export.csv"), want: adminOnly(200)},
		"PATCH /api/v1/admin/retours/:id": {path: retourPath("/api/v1/admin/retours/%d"), body: map[string]any{"priority": "bloquant"},
			objs: adminObj(200, 200)},

		"GET /api/v1/admin/statistics":             {path: fixed("/api/v1/admin/statistics"), want: adminOnly(200)},
		"GET /api/v1/projects/:id/report.pdf":      {path: projectPath("/api/v1/projects/%d/report.pdf"), objs: ownOnly(200)},
		"GET /api/v1/projects/:id/report.csv":      {path: projectPath("/api/v1/projects/%d/report.csv"), objs: ownOnly(200)},
		"GET /api/v1/admin/clients/:id/report.pdf": {path: clientPath("/api/v1/admin/clients/%d/report.pdf"), objs: adminObj(200, 200)},
		"GET /api/v1/admin/clients/:id/report.csv": {path: clientPath("/api/v1/admin/clients/%d/report.csv"), objs: adminObj(200, 200)},
		"GET /api/v1/admin/audit":                  {path: fixed("/api/v1/admin/audit"), want: adminOnly(200)},
		"GET /api/v1/admin/audit/export.csv":       {path: fixed("/api/v1/admin/audit/export.csv"), want: adminOnly(200)},
		"GET /api/v1/admin/audit/chain":            {path: fixed("/api/v1/admin/audit/chain"), want: adminOnly(200)},
	}
}

// defaultStatus is what a visitor gets when the case does not say: the route's flags decide.
func defaultStatus(flags Flags, visitor string) int {
	switch {
	case visitor == anon || visitor == disabled:
		if !flags.signedIn() {
			return 0 // a public route must say
		}
		return 401
	case flags.has(Admin) && visitor != admin:
		return 403
	}
	return 0
}

func TestRoleMatrixCoversEveryRoute(t *testing.T) {
	cases := matrix()
	seen := map[string]bool{}
	h := newHarness(t)
	for _, r := range h.s.RouteTable() {
		key := r.Method + " " + r.Path
		if strings.HasSuffix(r.Path, "*") || r.Path == "/healthz" || r.Path == "/readyz" {
			continue // catch-alls and probes: TestSPAAndAPIRouting
		}
		seen[key] = true
		if _, ok := cases[key]; !ok {
			t.Errorf("route %s has no line in the role matrix", key)
		}
	}
	for key := range cases {
		if !seen[key] {
			t.Errorf("the role matrix names %s, which the route table does not have", key)
		}
	}
}

func TestRoleMatrix(t *testing.T) {
	cases := matrix()
	access := map[string]Flags{}
	probe := newHarness(t)
	for _, r := range probe.s.RouteTable() {
		access[r.Method+" "+r.Path] = r.Flags
	}
	for key, c := range cases {
		t.Run(key, func(t *testing.T) {
			method := strings.SplitN(key, " ", 2)[0]
			objects := []string{""}
			if c.objs != nil {
				objects = []string{"A", "B", "missing"}
				for _, internal := range []string{"internal", "retour internal"} {
					if _, ok := c.objs[admin][internal]; ok {
						objects = append(objects, internal)
					}
				}
			}
			for _, obj := range objects {
				h := newHarness(t) // a fresh cast per object: admin writes must not leak into the next call
				h.retourNote, h.retourNoteFile = portaltest.RetourNote(t, h.db, h.fs, h.cast)
				browsers := map[string]*browser{anon: h.anonymous()}
				for name, u := range map[string]string{disabled: h.cast.DisabledA.Email, clientA: h.cast.A1.Email,
					clientA2: h.cast.A2.Email, clientB: h.cast.B1.Email, admin: h.cast.Admin.Email} {
					browsers[name] = h.login(u)
				}
				portaltest.Disable(t, h.db, h.cast.DisabledA.ID)
				for _, v := range visitors {
					want, ok := c.want[v]
					if byObj, found := c.objs[v]; found && !ok {
						want, ok = byObj[obj], true
					}
					if !ok {
						want = defaultStatus(access[key], v)
					}
					if want == 0 {
						t.Fatalf("matrix line %s does not say what %s gets", key, v)
					}
					before := portaltest.TableChecksums(t, h.db, watchedTables...)
					body := bodyOf(c, h, obj)
					var r response
					if c.stream {
						r = browsers[v].openStream(c.path(h, obj))
					} else {
						r = browsers[v].do(method, c.path(h, obj), body)
					}
					if r.status != want {
						t.Errorf("%s as %s on %q: %d %s, want %d", key, v, obj, r.status, r.body, want)
					}
					if v != admin {
						for _, trace := range notesTraces {
							if strings.Contains(r.body, trace) {
								t.Errorf("%s as %s on %q shows an internal note (%q): %.300s", key, v, obj, trace, r.body)
							}
						}
					}
					if r.status >= 400 {
						decodeError(t, r.body)
						if after := portaltest.TableChecksums(t, h.db, watchedTables...); !maps.Equal(before, after) {
							t.Errorf("%s as %s was refused (%d) but changed the database", key, v, r.status)
						}
					}
				}
			}
		})
	}
}

// TestRouteFlagsAloneEnforceAccess runs the route table with every handler replaced by one that
// succeeds, as a use case that forgot its authorization would: the flags' middleware alone must
// still answer 401 to visitors without a session and 403 to client users on Admin routes.
func TestRouteFlagsAloneEnforceAccess(t *testing.T) {
	h := newHarness(t)
	browsers := map[string]*browser{anon: h.anonymous()}
	for name, u := range map[string]string{disabled: h.cast.DisabledA.Email, clientA: h.cast.A1.Email, clientB: h.cast.B1.Email,
		admin: h.cast.Admin.Email} {
		browsers[name] = h.login(u)
	}
	portaltest.Disable(t, h.db, h.cast.DisabledA.ID)
	reached := map[string]bool{}
	var stubbed []Route
	for _, r := range h.s.RouteTable() {
		key := r.Method + " " + r.Path
		r.Handler = func(c *fiber.Ctx) error {
			reached[key] = true
			return c.JSON(fiber.Map{"secret": "données de " + key})
		}
		stubbed = append(stubbed, r)
	}
	app := fiber.New(h.s.fiberConfig())
	h.s.useMiddleware(app)
	h.s.mount(app, stubbed)
	h.s.app = app

	cases := matrix()
	admins, checked := 0, 0
	for _, r := range stubbed {
		key := r.Method + " " + r.Path
		if r.Flags.has(Admin) {
			admins++
		}
		c, ok := cases[key]
		if !ok || !r.Flags.signedIn() {
			continue // public routes and catch-alls: nothing to enforce
		}
		if r.Flags.has(Admin) {
			checked++
		}
		body := bodyOf(c, h, "A")
		for _, v := range []string{anon, disabled, clientA, clientB, admin} {
			want := defaultStatus(r.Flags, v)
			if want == 0 {
				want = 200
			}
			delete(reached, key)
			res := browsers[v].do(r.Method, c.path(h, "A"), body)
			if res.status != want || reached[key] != (want == 200) {
				t.Errorf("%s as %s with a handler that succeeds: %d %s (handler reached: %v), want %d", key, v, res.status, res.body, reached[key], want)
			}
			if want == 403 && decodeError(t, res.body).Code != "forbidden" {
				t.Errorf("%s as %s: %s, want the forbidden error", key, v, res.body)
			}
		}
	}
	if admins == 0 || checked != admins {
		t.Fatalf("%d Admin routes checked out of %d", checked, admins)
	}
}

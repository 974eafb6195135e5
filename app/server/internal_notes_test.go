package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
)

// liveTap records the raw Server-Sent Events one browser receives until stop is called.
type liveTap struct {
	events chan string // "event\ndata" of each event
	cancel context.CancelFunc
	done   chan struct{}
	got    []string
}

func tapEvents(t *testing.T, h *harness, b *browser) *liveTap {
	t.Helper()
	if h.base == "" {
		h.base = serveForReal(t, h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+"/api/v1/events", nil)
	req.Header.Set("Cookie", b.cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	tap := &liveTap{events: make(chan string, 100), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(tap.done)
		defer res.Body.Close()
		rd := bufio.NewReader(res.Body)
		var ev string
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				close(tap.events)
				return
			}
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimSpace(strings.TrimPrefix(line, "event: "))
			case strings.HasPrefix(line, "data: "):
				tap.events <- ev + "\n" + strings.TrimSpace(strings.TrimPrefix(line, "data: "))
			}
		}
	}()
	t.Cleanup(tap.stop)
	return tap
}

// until reads events until one contains want (true) or the timeout passes (false).
func (l *liveTap) until(want string, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		select {
		case e, ok := <-l.events:
			if !ok {
				return false
			}
			l.got = append(l.got, e)
			if strings.Contains(e, want) {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

func (l *liveTap) stop() {
	l.cancel()
	<-l.done
	for e := range l.events {
		l.got = append(l.got, e)
	}
}

// leaks lists what of an internal note a client-facing answer shows: its words, its file's name,
// content or digest, or its id where a message or notification names a message.
type noteTrace struct {
	words, file, content, sha string
	messageID, attachmentID   int64
}

// noteTraces are several notes: what any of them shows.
type noteTraces []noteTrace

func (ns noteTraces) leaks(body string) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.leaks(body)...)
	}
	return out
}

func (n noteTrace) leaks(body string) []string {
	var out []string
	for _, s := range []string{n.words, n.file, n.content, n.sha} {
		if s != "" && strings.Contains(body, s) {
			out = append(out, fmt.Sprintf("%q", s))
		}
	}
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		walkJSON(v, func(m map[string]any) {
			if id, ok := m["message_id"].(float64); ok && int64(id) == n.messageID {
				out = append(out, fmt.Sprintf("message_id %d", n.messageID))
			}
			if id, ok := m["id"].(float64); ok {
				if _, isMessage := m["author_id"]; isMessage && int64(id) == n.messageID {
					out = append(out, fmt.Sprintf("message %d", n.messageID))
				}
				if _, isFile := m["sha256"]; isFile && int64(id) == n.attachmentID {
					out = append(out, fmt.Sprintf("attachment %d", n.attachmentID))
				}
			}
		})
	}
	return out
}

func walkJSON(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(x)
		for _, y := range x {
			walkJSON(y, f)
		}
	case []any:
		for _, y := range x {
			walkJSON(y, f)
		}
	}
}

// An internal note, with its file, written, edited and answered to while the client's browsers
// are connected: no route a client may call shows it (lists, counts, unread badges, the bell,
// live events, e-mails, reports), and every route that names it answers « introuvable » (its
// answering no client message is checked in the store's tests). A public message posted alongside is the control: it does reach
// the client everywhere the note must not.
func TestInternalNoteInvisibleOnEveryClientRoute(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	portaltest.Disable(t, h.db, h.cast.DisabledA.ID)
	smtp := mailtest.Start(t)
	// A second member of the staff writes the note, so that the project's manager (Admin) is
	// the staff the note notifies.
	hash, err := password.Hash(portaltest.Password, portaltest.FastHash)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.InsertUser(ctx, store.User{Email: "zoe@bigdata.example", Name: "Zoé Équipe", Role: "admin", PasswordHash: hash}, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	zoe := h.login("zoe@bigdata.example")
	manager := h.login(h.cast.Admin.Email)
	a1, a2, b1 := h.login(h.cast.A1.Email), h.login(h.cast.A2.Email), h.login(h.cast.B1.Email)
	clients := map[string]*browser{clientA: a1, clientA2: a2, clientB: b1}
	projectA := h.cast.ProjectA.ID
	messagesPath := fmt.Sprintf("/api/v1/projects/%d/messages", projectA)

	// A1 has read its conversation: what comes next is unread to it.
	a1.do("GET", messagesPath, nil)
	a1.do("POST", "/api/v1/notifications/read", map[string]int{"id": 0})
	taps := map[string]*liveTap{clientA: tapEvents(t, h, a1), clientB: tapEvents(t, h, b1), "manager": tapEvents(t, h, manager)}
	for deadline := time.Now().Add(3 * time.Second); h.hub.Count() < 3 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}

	// The note, with a file, then edited; a second note deleted; then the public control.
	content := "secret budget zanzibar 42 k€"
	sum := sha256.Sum256([]byte(content))
	var att attachmentView
	if r := zoe.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", projectA), rawFile{"devis-zanzibar-interne.pdf", []byte(content)}); r.status != 201 {
		t.Fatalf("upload = %d %s", r.status, r.body)
	} else {
		r.json(t, &att)
	}
	var note messageView
	r := zoe.do("POST", messagesPath, map[string]any{"body": "Marge zanzibar à 18 %, ne pas annoncer au client.", "attachment_ids": []int64{att.ID}, "internal": true})
	if r.json(t, &note); r.status != 201 || !note.Internal || len(note.Attachments) != 1 {
		t.Fatalf("internal note = %d %s", r.status, r.body)
	}
	if r := zoe.do("PATCH", fmt.Sprintf("/api/v1/messages/%d", note.ID), map[string]string{"body": "Marge zanzibar à 20 %, ne pas annoncer au client."}); r.status != 200 ||
		!strings.Contains(r.body, `"internal":true`) {
		t.Fatalf("editing the note = %d %s", r.status, r.body)
	}
	var gone messageView
	zoe.do("POST", messagesPath, map[string]any{"body": "Brouillon zanzibar à jeter", "internal": true}).json(t, &gone)
	if r := zoe.do("DELETE", fmt.Sprintf("/api/v1/messages/%d", gone.ID), nil); r.status != 204 {
		t.Fatalf("deleting a note = %d %s", r.status, r.body)
	}

	// A note with its file in a retour's thread too: the walk below reads the retour's routes.
	retourThread := fmt.Sprintf("/api/v1/retours/%d/messages", h.cast.RetourA.ID)
	retourContent := "retour zanzibar pénalités 7 %"
	retourSum := sha256.Sum256([]byte(retourContent))
	var retourAtt attachmentView
	zoe.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", projectA), rawFile{"retour-zanzibar-interne.pdf", []byte(retourContent)}).json(t, &retourAtt)
	var retourNote messageView
	r = zoe.do("POST", retourThread, map[string]any{"body": "Retour : pénalités zanzibar possibles.", "attachment_ids": []int64{retourAtt.ID}, "internal": true})
	if r.json(t, &retourNote); r.status != 201 || !retourNote.Internal || retourNote.RetourID == nil || len(retourNote.Attachments) != 1 {
		t.Fatalf("internal note in the retour's thread = %d %s", r.status, r.body)
	}
	// An internal task of A's project carries the trace's words too, finished (a history line)
	// and due soon (a calendar event): it must stay as invisible as the note.
	internalTask := fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskAInternal.ID)
	if r := zoe.do("PATCH", internalTask, map[string]any{"title": "Chiffrage zanzibar interne", "status": "terminee",
		"due_date": time.Now().AddDate(0, 0, 3).Format(time.DateOnly), "visibility": "interne"}); r.status != 200 {
		t.Fatalf("editing the internal task = %d %s", r.status, r.body)
	}

	const public = "Réponse publique ornithorynque"
	var control messageView
	zoe.do("POST", messagesPath, map[string]any{"body": public}).json(t, &control)

	// Live: the control reaches A1 (its stream works), the notes never; B1 gets nothing of A;
	// the manager's browser hears of the note.
	if !taps[clientA].until(fmt.Sprintf(`"message_id":%d`, control.ID), 5*time.Second) {
		t.Fatalf("client A never received the public message's event: %v", taps[clientA].got)
	}
	if !taps["manager"].until(fmt.Sprintf(`"message_id":%d`, note.ID), 5*time.Second) {
		t.Fatalf("the staff never received the note's event: %v", taps["manager"].got)
	}
	time.Sleep(200 * time.Millisecond) // let anything misaddressed arrive
	trace := noteTraces{{words: "zanzibar", file: "devis-zanzibar-interne.pdf", content: content, sha: hex.EncodeToString(sum[:]),
		messageID: note.ID, attachmentID: att.ID}, {file: "retour-zanzibar-interne.pdf", content: retourContent, sha: hex.EncodeToString(retourSum[:]),
		messageID: retourNote.ID, attachmentID: retourAtt.ID}}
	for _, who := range []string{clientA, clientB} {
		taps[who].stop()
		for _, e := range taps[who].got {
			if leak := trace.leaks(e); len(leak) > 0 || strings.Contains(e, fmt.Sprintf(`"message_id":%d`, gone.ID)) {
				t.Errorf("%s's live events show the note (%v): %s", who, leak, e)
			}
		}
	}

	// The dashboard's unread badge counts the public message alone (before the walk reads the thread).
	var projects pageView[projectView]
	a1.do("GET", "/api/v1/projects", nil).json(t, &projects)
	for _, p := range projects.Items {
		if p.ID == projectA && p.UnreadMessages != 1 {
			t.Errorf("A1's unread badge = %d, want 1 (the public message only)", p.UnreadMessages)
		}
	}

	// Every route a client may call: lists, counts, badges, the bell, reports...
	walked, walkedRetour := 0, 0
	for _, rt := range h.s.RouteTable() {
		if rt.Method != "GET" || rt.Flags.has(Admin) || rt.Flags.has(Stream) || !rt.Flags.signedIn() {
			continue // staff routes (the matrix refuses them to clients), the stream (above), public pages
		}
		path := rt.Path
		for prefix, id := range map[string]int64{"/api/v1/projects/:id": projectA, "/api/v1/versions/:id": h.cast.VersionA.ID,
			"/api/v1/messages/:id": note.ID, "/api/v1/attachments/:id": att.ID, "/api/v1/retours/:id": h.cast.RetourA.ID,
			"/api/v1/tasks/:id": h.cast.TaskAInternal.ID} {
			if strings.HasPrefix(path, prefix) {
				path = strings.Replace(path, ":id", fmt.Sprint(id), 1)
			}
		}
		if strings.Contains(path, ":") {
			t.Errorf("route %s %s: say which object of A's project the internal-note walk calls it with", rt.Method, rt.Path)
			continue
		}
		walked++
		for who, b := range clients {
			res := b.do("GET", path, nil)
			if leak := trace.leaks(res.body); len(leak) > 0 {
				t.Errorf("GET %s as %s shows the internal note (%v): %d %.300s", path, who, leak, res.status, res.body)
			}
			if strings.HasPrefix(rt.Path, "/api/v1/attachments/:id") && res.status != 404 {
				t.Errorf("the note's file as %s = %d, want 404", who, res.status)
			}
			if strings.HasPrefix(rt.Path, "/api/v1/tasks/:id") && res.status != 404 {
				t.Errorf("the internal task as %s = %d, want 404", who, res.status)
			}
		}
		if strings.HasPrefix(rt.Path, "/api/v1/retours/:id") {
			walkedRetour++
		}
	}
	if walkedRetour < 2 {
		t.Errorf("only %d routes of a retour walked", walkedRetour)
	}
	// The retour's list counts the note for the staff, never for the client.
	unread := func(b *browser) int {
		var list pageView[retourView]
		b.do("GET", fmt.Sprintf("/api/v1/projects/%d/retours?status=", projectA), nil).json(t, &list)
		for _, r := range list.Items {
			if r.ID == h.cast.RetourA.ID {
				return r.Unread
			}
		}
		return -1
	}
	if a, m := unread(a2), unread(manager); a != 0 || m != 1 {
		t.Errorf("unread in the retour's thread: client %d (want 0), manager %d (want 1)", a, m)
	}
	if walked < 8 {
		t.Fatalf("only %d client routes walked", walked)
	}

	// The calendar feeds are public routes (their secret is the credential): the clients' leave
	// the internal task out, the staff's has it.
	for who, secret := range map[string]string{clientA: h.cast.CalendarA1, clientB: h.cast.CalendarB1} {
		res := h.anonymous().do("GET", "/api/v1/calendar/"+secret+".ics", nil)
		if res.status != 200 || !strings.Contains(res.body, "BEGIN:VCALENDAR") {
			t.Errorf("%s's calendar = %d %.200s", who, res.status, res.body)
		}
		if leak := trace.leaks(res.body); len(leak) > 0 {
			t.Errorf("%s's calendar shows the internal task (%v)", who, leak)
		}
	}
	var feed calendarView
	manager.do("POST", "/api/v1/account/calendar", nil).json(t, &feed)
	if !strings.Contains(h.anonymous().do("GET", feedPath(t, feed.URL), nil).body, "zanzibar") {
		t.Errorf("the staff's calendar lacks the internal task")
	}

	// The conversation and the bell show the control alone.
	var thread struct {
		Items []messageView `json:"items"`
	}
	a2.do("GET", messagesPath, nil).json(t, &thread)
	if len(thread.Items) == 0 || thread.Items[len(thread.Items)-1].ID != control.ID {
		t.Fatalf("A2's thread lacks the public message: %+v", thread.Items)
	}
	var bell struct {
		Unread int                       `json:"unread"`
		Items  []portal.NotificationItem `json:"items"`
	}
	a1.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 1 {
		t.Errorf("A1's bell = %d unread, want 1 (the public message only)", bell.Unread)
	}
	manager.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	foundNote := false
	for _, n := range bell.Items {
		if strings.Contains(string(n.Params), `"internal":true`) && strings.HasPrefix(n.Title, "Note interne de Zoé Équipe") {
			foundNote = true
		}
	}
	if !foundNote {
		t.Errorf("the manager's bell lacks the note: %+v", bell.Items)
	}
	var managerProjects pageView[projectView]
	manager.do("GET", "/api/v1/projects", nil).json(t, &managerProjects)
	for _, p := range managerProjects.Items {
		if p.ID == projectA && p.UnreadMessages < 2 {
			t.Errorf("the manager's unread badge = %d, want the note counted", p.UnreadMessages)
		}
	}

	// What the note names answers « introuvable » to a client, and nothing changes.
	for who, b := range map[string]*browser{clientA: a1, clientA2: a2} {
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"PATCH", fmt.Sprintf("/api/v1/messages/%d", note.ID), map[string]string{"body": "lu"}},
			{"DELETE", fmt.Sprintf("/api/v1/messages/%d", note.ID), nil},
			{"POST", messagesPath + "/read", map[string]int64{"message_id": note.ID}},
			{"GET", fmt.Sprintf("/api/v1/attachments/%d/download", att.ID), nil},
			{"PATCH", fmt.Sprintf("/api/v1/messages/%d", retourNote.ID), map[string]string{"body": "lu"}},
			{"DELETE", fmt.Sprintf("/api/v1/messages/%d", retourNote.ID), nil},
			{"POST", messagesPath + "/read", map[string]int64{"message_id": retourNote.ID}},
			{"GET", fmt.Sprintf("/api/v1/attachments/%d/download", retourAtt.ID), nil},
		} {
			if res := b.do(c.method, c.path, c.body); res.status != 404 || len(trace.leaks(res.body)) > 0 {
				t.Errorf("%s %s as %s = %d %s, want 404", c.method, c.path, who, res.status, res.body)
			}
		}
		for _, thread := range []string{messagesPath, retourThread} {
			if res := b.do("POST", thread, map[string]any{"body": "je me fais passer pour l'équipe", "internal": true}); res.status != 403 ||
				res.errorCode(t) != "internal_staff_only" {
				t.Errorf("a client posting an internal note in %s = %d %s", thread, res.status, res.body)
			}
		}
	}

	// Reports are written for the client, whoever asks: no note, even in the staff's.
	for _, a := range []portal.Actor{{UserID: h.cast.Admin.ID, Role: portal.RoleAdmin}, {UserID: h.cast.A1.ID, Role: portal.RoleClient, ClientID: h.cast.ClientA.ID}} {
		rep, err := h.svc.ProjectReport(ctx, a, projectA)
		if err != nil {
			t.Fatal(err)
		}
		sawControl := false
		for _, m := range rep.Messages {
			sawControl = sawControl || m.ID == control.ID
			if m.Internal || strings.Contains(m.Body, "zanzibar") {
				t.Errorf("the report for %s shows the note %d", a.Role, m.ID)
			}
		}
		if !sawControl {
			t.Errorf("the report for %s lacks the public message", a.Role)
		}
	}

	// E-mails: the clients' tell of the public message only; the manager's of the note.
	h.advance(3 * time.Minute)
	if _, err := h.svc.SendDueNotificationEmails(ctx); err != nil {
		t.Fatal(err)
	}
	mails := h.deliverMail(smtp, 3) // A1, A2, the manager
	for _, m := range mails {
		staff := m.To[0] == h.cast.Admin.Email
		if !strings.Contains(m.Text, "ornithorynque") {
			t.Errorf("the e-mail to %s lacks the public message:\n%s", m.To[0], m.Text)
		}
		if staff != strings.Contains(m.Text, "zanzibar") {
			t.Errorf("the e-mail to %s (staff: %v) and the note:\n%s", m.To[0], staff, m.Text)
		}
		if staff && !strings.Contains(m.Text, "Note interne de Zoé Équipe") {
			t.Errorf("the staff's e-mail does not mark the note:\n%s", m.Text)
		}
	}

}

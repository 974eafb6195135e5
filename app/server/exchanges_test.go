package server

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/notify"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
)

func TestConversationUnreadEditAndDelete(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1 := h.login(h.cast.A1.Email)
	a2 := h.login(h.cast.A2.Email)
	url := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)

	r := adm.do("POST", url, map[string]string{"body": "Bonjour,\nla maquette est en ligne : https://exemple.fr/maquette"})
	var m messageView
	r.json(t, &m)
	if r.status != 201 || m.AuthorName != "Awa Admin" || m.AuthorRole != "admin" || !strings.Contains(m.Body, "\nla maquette") {
		t.Fatalf("post = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", url, map[string]string{"body": "   "}); r.status != 422 {
		t.Fatalf("empty message = %d", r.status)
	}
	// The dashboard counts what A2 has not read; reading the thread clears it.
	var page pageView[projectView]
	a2.do("GET", "/api/v1/projects", nil).json(t, &page)
	if page.Items[0].UnreadMessages != 2 { // the fixture's message by A1 and the admin's
		t.Fatalf("unread before reading = %d", page.Items[0].UnreadMessages)
	}
	r = a2.do("GET", url, nil)
	var thread struct {
		Items    []messageView `json:"items"`
		LastRead int64         `json:"last_read"`
	}
	r.json(t, &thread)
	if len(thread.Items) != 2 || thread.LastRead != 0 || len(thread.Items[0].Attachments) != 1 {
		t.Fatalf("thread = %s", r.body)
	}
	a2.do("GET", "/api/v1/projects", nil).json(t, &page)
	if page.Items[0].UnreadMessages != 0 {
		t.Fatalf("unread after reading = %d", page.Items[0].UnreadMessages)
	}
	// A1 sees only the admin's message as unread: its own never counts.
	a1.do("GET", "/api/v1/projects", nil).json(t, &page)
	if page.Items[0].UnreadMessages != 1 {
		t.Fatalf("A1 unread = %d", page.Items[0].UnreadMessages)
	}

	// The author edits within 15 minutes; the change shows and is audited; later it cannot.
	r = a1.do("PATCH", fmt.Sprintf("/api/v1/messages/%d", h.cast.MessageA.ID), map[string]string{"body": "Bonjour, où en est la maquette ? (corrigé)"})
	if r.json(t, &m); r.status != 200 || !m.Edited {
		t.Fatalf("edit = %d %s", r.status, r.body)
	}
	h.oneAudit("message.edit", h.cast.MessageA.ID, "success")
	h.advance(16 * time.Minute)
	r = a1.do("PATCH", fmt.Sprintf("/api/v1/messages/%d", h.cast.MessageA.ID), map[string]string{"body": "trop tard"})
	if r.status != 409 || r.errorCode(t) != "edit_window_over" {
		t.Fatalf("late edit = %d %s", r.status, r.body)
	}
	// Admins may remove a message at any time (moderation); it stays as « supprimé ».
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/messages/%d", h.cast.MessageA.ID), nil); r.status != 204 {
		t.Fatalf("delete = %d", r.status)
	}
	h.oneAudit("message.delete", h.cast.MessageA.ID, "success")
	a2.do("GET", url, nil).json(t, &thread)
	if !thread.Items[0].Deleted || thread.Items[0].Body != "" {
		t.Fatalf("deleted message = %+v", thread.Items[0])
	}
}

func TestAttachmentsTravelWithTheirMessage(t *testing.T) {
	h := newHarness(t)
	a1 := h.login(h.cast.A1.Email)
	a2 := h.login(h.cast.A2.Email)
	r := a1.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", h.cast.ProjectA.ID), rawFile{"capture écran.png", []byte("\x89PNG fake")})
	var att attachmentView
	if r.json(t, &att); r.status != 201 {
		t.Fatalf("upload = %d %s", r.status, r.body)
	}
	dl := fmt.Sprintf("/api/v1/attachments/%d/download", att.ID)
	// Not sent yet: only its uploader sees it.
	if r := a2.do("GET", dl, nil); r.status != 404 {
		t.Fatalf("colleague sees an unsent attachment: %d", r.status)
	}
	// Someone else cannot send it.
	if r := a2.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]any{"body": "", "attachment_ids": []int64{att.ID}}); r.status != 422 {
		t.Fatalf("sending another's attachment = %d %s", r.status, r.body)
	}
	r = a1.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]any{"body": "", "attachment_ids": []int64{att.ID}})
	var m messageView
	if r.json(t, &m); r.status != 201 || len(m.Attachments) != 1 || m.Attachments[0].FileName != "capture écran.png" {
		t.Fatalf("message with attachment = %d %s", r.status, r.body)
	}
	if r := a2.do("GET", dl, nil); r.status != 200 || r.body != "\x89PNG fake" {
		t.Fatalf("colleague download = %d", r.status)
	}
	b1 := h.login(h.cast.B1.Email)
	if r := b1.do("GET", dl, nil); r.status != 404 {
		t.Fatalf("other client download = %d", r.status)
	}
}

func TestNotificationsBellAndEmails(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	a1 := h.login(h.cast.A1.Email)
	b1 := h.login(h.cast.B1.Email)
	// A2 reads English: its e-mail is English, A1's French, from the same notifications.
	if r := h.login(h.cast.A2.Email).do("PATCH", "/api/v1/account", map[string]string{"name": "Albert Alpha", "language": "en"}); r.status != 200 {
		t.Fatalf("language = %d %s", r.status, r.body)
	}

	// Each notifying event.
	adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "Point d'avancement"})
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]string{"state": "livree"})
	adm.do("POST", fmt.Sprintf("/api/v1/admin/deliverables/%d/versions", h.cast.DeliverableA.ID), rawFile{"maquettes-v2.pdf", []byte("%PDF v2")})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/projects/%d", h.cast.ProjectA.ID), map[string]any{"client_id": h.cast.ClientA.ID, "name": "Site vitrine Alpha", "status": "en_pause"})
	var d deliverableView
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/deliverables", h.cast.ProjectA.ID), nil)
	r := a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", latestVersionID(t, a1, h.cast.ProjectA.ID)), map[string]string{"decision": "valide"})
	if r.json(t, &d); r.status != 200 {
		t.Fatalf("decision = %d %s", r.status, r.body)
	}

	var bell struct {
		Unread int `json:"unread"`
		Items  []struct {
			ID        int64          `json:"id"`
			Kind      string         `json:"kind"`
			ProjectID int64          `json:"project_id"`
			Params    map[string]any `json:"params"`
			Title     string         `json:"title"`
		} `json:"items"`
	}
	a1.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	kinds := map[string]bool{}
	for _, n := range bell.Items {
		kinds[n.Kind] = true
		// What happened, as ids and names for the interface to write; the French sentence for
		// API clients.
		if n.ProjectID != h.cast.ProjectA.ID || n.Params["project_id"] != float64(h.cast.ProjectA.ID) || n.Title == "" {
			t.Errorf("notification %+v", n)
		}
		if n.Kind == "deliverable" && (n.Params["deliverable_id"] != float64(h.cast.DeliverableA.ID) || n.Params["version"] != 2.0 ||
			n.Params["file"] != "maquettes-v2.pdf" || n.Params["size"] != 7.0 || !strings.HasPrefix(n.Title, "Nouvelle version (v2) à valider : Maquettes Alpha")) {
			t.Errorf("deliverable notification %+v", n)
		}
	}
	if bell.Unread != 4 || !kinds["message"] || !kinds["milestone"] || !kinds["deliverable"] || !kinds["status"] || kinds["decision"] {
		t.Fatalf("A1's bell (its own decision must not notify it) = %+v", bell)
	}
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 1 || bell.Items[0].Kind != "decision" || !strings.Contains(bell.Items[0].Title, "a validé") {
		t.Fatalf("admin's bell = %+v", bell)
	}
	b1.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 0 {
		t.Fatalf("client B was notified of client A's project: %+v", bell)
	}

	// Nothing is e-mailed during the grouping window; after it, one e-mail per person.
	if n, _ := h.svc.SendDueNotificationEmails(context.Background()); n != 0 {
		t.Fatalf("%d e-mails queued before the grouping window ended", n)
	}
	h.advance(3 * time.Minute)
	if n, err := h.svc.SendDueNotificationEmails(context.Background()); n != 3 || err != nil { // A1, A2 and the admin
		t.Fatalf("e-mails queued = %d, %v", n, err)
	}
	msgs := h.deliverMail(smtp, 3)
	var toA1, toA2 mailtest.Received
	for _, m := range msgs {
		switch m.To[0] {
		case h.cast.A1.Email:
			toA1 = m
		case h.cast.A2.Email:
			toA2 = m
		}
	}
	for _, want := range []string{"Bonjour Alice Alpha", "Point d'avancement", "Étape livrée : Maquettes", "Nouvelle version (v2) à valider", "« En pause »", "maquettes-v2.pdf (7\u00a0octets)"} {
		if !strings.Contains(toA1.Text, want) || strings.Contains(toA1.HTML, `lang="en"`) {
			t.Errorf("A1's grouped e-mail lacks %q:\n%s", want, toA1.Text)
		}
	}
	if toA1.Subject != "4 nouveautés sur le portail BIGDATA CENTER" {
		t.Errorf("subject = %q", toA1.Subject)
	}
	for _, want := range []string{"Hello Albert", "Point d'avancement", "Step delivered: Maquettes", "New version (v2) to review: Maquettes Alpha",
		"“On hold”", "maquettes-v2.pdf (7\u00a0bytes)", "Project Site vitrine Alpha", "please do not reply"} {
		if !strings.Contains(toA2.Text, want) || !strings.Contains(toA2.HTML, `lang="en"`) {
			t.Errorf("A2's English e-mail lacks %q:\n%s", want, toA2.Text)
		}
	}
	for _, french := range []string{"Bonjour", "Étape", "nouveaut", "Projet", "valider"} {
		if strings.Contains(toA2.Text, french) {
			t.Errorf("A2's English e-mail says %q:\n%s", french, toA2.Text)
		}
	}
	if toA2.Subject != "4 updates on the BIGDATA CENTER portal" {
		t.Errorf("English subject = %q", toA2.Subject)
	}
	if n, _ := h.svc.SendDueNotificationEmails(context.Background()); n != 0 {
		t.Fatalf("notifications e-mailed twice: %d", n)
	}

	// Mark one, then all, read.
	a1.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if r := a1.do("POST", "/api/v1/notifications/read", map[string]int64{"id": bell.Items[0].ID}); !strings.Contains(r.body, `"unread":3`) {
		t.Fatalf("mark one = %s", r.body)
	}
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if r := a1.do("POST", "/api/v1/notifications/read", map[string]int64{"id": bell.Items[0].ID}); r.status != 404 {
		t.Fatalf("marking another's notification = %d", r.status)
	}
	if r := a1.do("POST", "/api/v1/notifications/read", map[string]int64{"id": 0}); !strings.Contains(r.body, `"unread":0`) {
		t.Fatalf("mark all = %s", r.body)
	}
}

func latestVersionID(t *testing.T, b *browser, projectID int64) int64 {
	var list struct {
		Items []deliverableView `json:"items"`
	}
	b.do("GET", fmt.Sprintf("/api/v1/projects/%d/deliverables", projectID), nil).json(t, &list)
	for _, d := range list.Items {
		if d.Title == "Maquettes Alpha" {
			return d.Versions[0].ID
		}
	}
	t.Fatal("no deliverable « Maquettes Alpha »")
	return 0
}

func TestDigestAndPreferences(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	a1 := h.login(h.cast.A1.Email)
	a2 := h.login(h.cast.A2.Email)
	// A1: messages in a daily digest; A2: no e-mail for messages at all. The digest hour is 12
	// hours away, so that the 3 minutes below never reach it, whatever the time of the run.
	digestHour := (h.now().Hour() + 12) % 24 // the harness runs in UTC
	if r := a1.do("PUT", "/api/v1/account/notifications", map[string]any{"modes": map[string]string{"message": "digest"}, "digest_hour": digestHour}); r.status != 200 {
		t.Fatalf("prefs = %d %s", r.status, r.body)
	}
	h.oneAudit("account.notification_prefs", h.cast.A1.ID, "success")
	a2.do("PUT", "/api/v1/account/notifications", map[string]any{"modes": map[string]string{"message": "off"}, "digest_hour": 8})
	if r := a2.do("PUT", "/api/v1/account/notifications", map[string]any{"modes": map[string]string{"message": "sometimes"}, "digest_hour": 8}); r.status != 422 {
		t.Fatalf("unknown mode = %d", r.status)
	}
	for i := 0; i < 5; i++ {
		adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": fmt.Sprintf("Message %d", i+1)})
	}
	h.advance(3 * time.Minute)
	if n, _ := h.svc.SendDueNotificationEmails(context.Background()); n != 0 {
		t.Fatalf("%d e-mails before the digest hour (A1 digests, A2 is off)", n)
	}
	h.advance(25 * time.Hour) // past the next 08:00 whatever the time now
	if n, _ := h.svc.SendDueNotificationEmails(context.Background()); n != 1 {
		t.Fatalf("digest e-mails = %d, want 1", n)
	}
	m := h.deliverMail(smtp, 1)[0]
	if m.To[0] != h.cast.A1.Email || !strings.Contains(m.Subject, "résumé") || strings.Count(m.Text, "Nouveau message de Awa Admin") != 5 {
		t.Fatalf("digest = to %v %q:\n%s", m.To, m.Subject, m.Text)
	}
	// The in-portal bell still shows everything, whatever the e-mail preference.
	var bell struct {
		Unread int `json:"unread"`
	}
	a2 = h.login(h.cast.A2.Email) // the clock moved a day: the old session is over
	a2.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 5 {
		t.Fatalf("A2's bell = %d", bell.Unread)
	}
}

func TestNotificationEmailsSurviveAnSMTPOutage(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "Livraison demain"})
	h.advance(3 * time.Minute)
	if n, _ := h.svc.SendDueNotificationEmails(context.Background()); n != 2 {
		t.Fatalf("queued = %d", n)
	}
	smtp.SetRefuse(true)
	outbox := notify.NewOutbox(h.db, mail.NewSender(smtp.Config()), h.s.log, notify.OutboxOptions{Now: h.now, Backoff: func(int) time.Duration { return 0 }})
	for i := 0; i < 3; i++ {
		if sent, _, _ := outbox.RunOnce(context.Background()); sent != 0 {
			t.Fatalf("sent %d while the server refuses", sent)
		}
	}
	smtp.SetRefuse(false)
	if sent, _, err := outbox.RunOnce(context.Background()); sent != 2 || err != nil {
		t.Fatalf("after the outage: sent %d, %v", sent, err)
	}
	if sent, _, _ := outbox.RunOnce(context.Background()); sent != 0 {
		t.Fatalf("sent again: %d", sent)
	}
	got := smtp.WaitFor(t, 2, 5*time.Second)
	if len(smtp.Messages()) != 2 || got[0].To[0] == got[1].To[0] {
		t.Fatalf("deliveries = %d", len(smtp.Messages()))
	}
}

// readEvents collects the events of a live stream until it sees want or the timeout.
func readEvents(t *testing.T, h *harness, b *browser, want string, timeout time.Duration) (got []string, found bool) {
	t.Helper()
	eachEvent(t, h, b, timeout, func(ev string) bool {
		got = append(got, ev)
		found = ev == want
		return found
	})
	return got, found
}

// eachEvent hands each event name of b's live stream on h to each, until it says stop, the
// stream ends or the timeout.
func eachEvent(t *testing.T, h *harness, b *browser, timeout time.Duration, each func(ev string) (stop bool)) {
	t.Helper()
	if h.base == "" {
		h.base = serveForReal(t, h)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+"/api/v1/events", nil)
	req.Header.Set("Cookie", b.cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return
	}
	defer res.Body.Close()
	rd := bufio.NewReader(res.Body)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		if ev, ok := strings.CutPrefix(line, "event: "); ok && each(strings.TrimSpace(ev)) {
			return
		}
	}
}

func TestLiveEventsReachOnlyTheProjectsPeople(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1 := h.login(h.cast.A1.Email)
	b1 := h.login(h.cast.B1.Email)
	h.base = serveForReal(t, h)
	type result struct {
		events []string
		found  bool
	}
	resA, resB := make(chan result, 1), make(chan result, 1)
	go func() { ev, ok := readEvents(t, h, a1, "message", 3*time.Second); resA <- result{ev, ok} }()
	go func() { ev, ok := readEvents(t, h, b1, "message", 3*time.Second); resB <- result{ev, ok} }()
	// Wait for both streams to be open before posting.
	for deadline := time.Now().Add(3 * time.Second); h.hub.Count() < 2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "En direct"})
	a := <-resA
	if !a.found {
		t.Fatalf("client A did not receive the message event: %v", a.events)
	}
	t.Logf("client A got the event %s after posting", time.Since(start).Round(time.Millisecond))
	if !containsStr(a.events, "notifications") {
		t.Errorf("client A's bell count was not pushed: %v", a.events)
	}
	b := <-resB
	if b.found || containsStr(b.events, "notifications") {
		t.Fatalf("client B received client A's events: %v", b.events)
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestHistoryOfExchangesSearchAndCSV(t *testing.T) {
	h, adm := newAdminHarness(t)
	b1 := h.login(h.cast.B1.Email)
	b1.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectB.ID), map[string]string{"body": "=HYPERLINK(\"http://evil\") facture jointe"})
	adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "La facture arrive demain"})
	var page pageView[exchangeView]
	adm.do("GET", "/api/v1/admin/messages?q=facture", nil).json(t, &page)
	if page.Total != 2 {
		t.Fatalf("full-text search = %d results", page.Total)
	}
	adm.do("GET", fmt.Sprintf("/api/v1/admin/messages?q=facture&client_id=%d", h.cast.ClientB.ID), nil).json(t, &page)
	if page.Total != 1 || page.Items[0].ClientName != "beta" {
		t.Fatalf("filtered search = %+v", page)
	}
	adm.do("GET", fmt.Sprintf("/api/v1/admin/messages?author_id=%d", h.cast.A1.ID), nil).json(t, &page)
	if page.Total != 1 || page.Items[0].ID != h.cast.MessageA.ID {
		t.Fatalf("author filter = %+v", page)
	}
	today := time.Now().UTC().Format("2006-01-02")
	adm.do("GET", "/api/v1/admin/messages?from="+today+"&to="+today, nil).json(t, &page)
	if page.Total != 5 { // the cast's three (the staff's internal note among them) and these two
		t.Fatalf("date filter = %d", page.Total)
	}
	if r := adm.do("GET", "/api/v1/admin/messages?from=hier", nil); r.status != 422 {
		t.Fatalf("bad date = %d", r.status)
	}
	r := adm.do("GET", "/api/v1/admin/messages/export.csv?q=facture", nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.body, "\ufeffdate;client;projet") {
		t.Fatalf("export = %d %q", r.status, r.body[:min(len(r.body), 80)])
	}
	if !strings.Contains(r.body, `"'=HYPERLINK(""http://evil"") facture jointe"`) || !strings.Contains(r.body, "La facture arrive demain") {
		t.Fatalf("CSV content (formulas must be neutralised):\n%s", r.body)
	}
	h.oneAudit("message.export", 0, "success")
	// The staff's history holds the internal notes, marked as such, in the list and the export.
	adm.do("GET", "/api/v1/admin/messages?q=zanzibar", nil).json(t, &page)
	if page.Total != 1 || page.Items[0].ID != h.cast.MessageAInternal.ID || !page.Items[0].Internal {
		t.Fatalf("internal note in the history = %+v", page)
	}
	if r := adm.do("GET", "/api/v1/admin/messages/export.csv?q=zanzibar", nil); !strings.Contains(r.body, ";modifié;note interne\n") ||
		!strings.Contains(r.body, ";"+portaltest.InternalNoteText+";;oui\n") {
		t.Fatalf("internal note in the CSV export:\n%s", r.body)
	}
}

// The dashboard's unread count: others' messages after the reader's marker, deleted ones left
// out, never the reader's own, and at most 100 a project (the badge then says « 99+ »).
func TestUnreadCountsLeaveOutDeletedAndOwnMessages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	adm := h.login(h.cast.Admin.Email)
	a2 := h.login(h.cast.A2.Email)
	url := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)
	unread := func() int {
		t.Helper()
		var page pageView[projectView]
		a2.do("GET", "/api/v1/projects", nil).json(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("A2 sees %d projects", len(page.Items))
		}
		return page.Items[0].UnreadMessages
	}
	a2.do("GET", url, nil) // reads the fixture's message: the marker is set
	var m messageView
	for i := 0; i < 3; i++ {
		adm.do("POST", url, map[string]string{"body": fmt.Sprintf("Point d'avancement %d", i)}).json(t, &m)
	}
	if n := unread(); n != 3 {
		t.Fatalf("unread = %d, want 3", n)
	}
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/messages/%d", m.ID), nil); r.status != 204 {
		t.Fatalf("delete = %d", r.status)
	}
	// A2's own message, written without moving its marker (another device), does not count.
	if _, err := h.db.InsertMessage(ctx, store.Message{ProjectID: h.cast.ProjectA.ID, AuthorID: h.cast.A2.ID, Body: "Bien reçu", CreatedAt: h.now()}); err != nil {
		t.Fatal(err)
	}
	if n := unread(); n != 2 {
		t.Fatalf("unread after a deletion and an own message = %d, want 2", n)
	}
	for i := 0; i < store.UnreadCap+10; i++ {
		if _, err := h.db.InsertMessage(ctx, store.Message{ProjectID: h.cast.ProjectA.ID, AuthorID: h.cast.A1.ID, Body: "Relance", CreatedAt: h.now()}); err != nil {
			t.Fatal(err)
		}
	}
	if n := unread(); n != store.UnreadCap {
		t.Fatalf("unread past the cap = %d, want %d", n, store.UnreadCap)
	}
	a2.do("GET", url, nil)
	if n := unread(); n != 0 {
		t.Fatalf("unread after reading = %d", n)
	}
}

// The history's search: every word must be in the message (case and accents aside), newest
// first by date, with each filter combined, page after page, and an export that pages on
// without offsets.
func TestHistorySearchWordsOrderAndFilters(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	adm := h.login(h.cast.Admin.Email)
	base := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	insert := func(project store.Project, author store.User, body string, at time.Time) int64 {
		t.Helper()
		id, err := h.db.InsertMessage(ctx, store.Message{ProjectID: project.ID, AuthorID: author.ID, Body: body, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	c := h.cast
	m1 := insert(c.ProjectA, c.Admin, "La livraison est prévue vendredi.", base.AddDate(0, 0, 2))
	m2 := insert(c.ProjectB, c.B1, "Merci pour la LIVRAISON !", base.AddDate(0, 0, 3))
	m3 := insert(c.ProjectA, c.A1, "Livraison reçue, la recette commence.", base.AddDate(0, 0, 1))
	m4 := insert(c.ProjectB, c.Admin, "Prochaine livraison prévue lundi.", base) // the oldest, written last
	insert(c.ProjectA, c.Admin, "Rien à voir.", base.AddDate(0, 0, 4))
	deleted := insert(c.ProjectA, c.A1, "livraison annulée", base.AddDate(0, 0, 5))
	if err := h.db.DeleteMessage(ctx, deleted, base); err != nil {
		t.Fatal(err)
	}
	ids := func(q string) ([]int64, int) {
		t.Helper()
		page := getPage[exchangeView](t, adm, "/api/v1/admin/messages?"+q)
		out := make([]int64, len(page.Items))
		for i, m := range page.Items {
			out[i] = m.ID
		}
		return out, page.Total
	}
	check := func(q string, want ...int64) {
		t.Helper()
		got, total := ids(q)
		if fmt.Sprint(got) != fmt.Sprint(want) || total != len(want) {
			t.Errorf("%s = %v (total %d), want %v", q, got, total, want)
		}
	}
	check("q=livraison", m2, m1, m3, m4) // by date, not by id; the deleted one is gone
	check("q=Livraison+PREVUE", m1, m4)  // every word, case and accents aside
	check("q=la+livraison+pr%C3%A9vue+vendredi", m1)
	check("q=livraison&client_id="+fmtInt(c.ClientB.ID), m2, m4)
	check("q=livraison&project_id="+fmtInt(c.ProjectA.ID), m1, m3)
	check("q=livraison&author_id="+fmtInt(c.Admin.ID), m1, m4)
	check("q=livraison&client_id="+fmtInt(c.ClientA.ID)+"&author_id="+fmtInt(c.A1.ID), m3)
	check("q=livraison&from=2026-05-05&to=2026-05-06", m1, m3)
	check("q=livraison&client_id=" + fmtInt(c.ClientA.ID) + "&project_id=" + fmtInt(c.ProjectB.ID))
	check("q=le") // no word long enough to search
	check("q=hippopotame")
	// Pages: two by two, the total stays.
	if got, total := ids("q=livraison&per_page=2&page=2"); fmt.Sprint(got) != fmt.Sprint([]int64{m3, m4}) || total != 4 {
		t.Fatalf("page 2 = %v (total %d)", got, total)
	}
	words := strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa")
	r := adm.do("GET", "/api/v1/admin/messages?q="+strings.Join(words[:store.MaxSearchWords+1], "+"), nil)
	if r.status != 422 || decodeError(t, r.body).Field != "q" {
		t.Fatalf("too many words = %d %s", r.status, r.body)
	}

	// The export reads 500 messages at a time from where the last page ended: 1 200 messages
	// of the same instant come out once each.
	bulk := make([]store.Message, 1200)
	for i := range bulk {
		bulk[i] = store.Message{ProjectID: c.ProjectB.ID, AuthorID: c.B1.ID, AuthorRole: "client", Body: fmt.Sprintf("Export ornithorynque %d", i), CreatedAt: base}
	}
	if err := h.db.BulkInsertMessages(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	_, total := ids("q=ornithorynque")
	csv := adm.do("GET", "/api/v1/admin/messages/export.csv?q=ornithorynque", nil)
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(csv.body), "\n")[1:] {
		seen[line] = true
	}
	if total != 1200 || len(seen) != 1200 || strings.Count(csv.body, "Export ornithorynque ") != 1200 {
		t.Fatalf("export: total %d, %d distinct lines, %d messages", total, len(seen), strings.Count(csv.body, "Export ornithorynque "))
	}
}

package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/ical/icaltest"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
)

// feedPath is the path of a feed URL as « Mon compte » hands it out.
func feedPath(t *testing.T, url string) string {
	t.Helper()
	i := strings.Index(url, "/api/v1/calendar/")
	if i < 0 || !strings.HasSuffix(url, ".ics") {
		t.Fatalf("feed URL %q", url)
	}
	return url[i:]
}

// readFeed fetches and parses a feed, checking what calendar programs rely on.
func readFeed(t *testing.T, b *browser, path string) (icaltest.Feed, map[string]icaltest.Component) {
	t.Helper()
	r := b.do("GET", path, nil)
	if r.status != 200 || r.header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("feed = %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	f, err := icaltest.Parse(r.body)
	if err != nil {
		t.Fatalf("the feed does not read back: %v\n%s", err, r.body)
	}
	byUID := map[string]icaltest.Component{}
	for _, e := range f.Events {
		uid := e.Props["UID"].Value
		if _, dup := byUID[uid]; dup || uid == "" {
			t.Fatalf("UID %q missing or repeated", uid)
		}
		if e.Props["DTSTART"].Params["VALUE"] != "DATE" || len(e.Props["DTSTART"].Value) != 8 || !strings.HasSuffix(e.Props["DTSTAMP"].Value, "Z") {
			t.Fatalf("event dates are neither all-day DATE values nor UTC: %+v", e.Props)
		}
		byUID[uid] = e
	}
	return f, byUID
}

func TestCalendarFeedOfEachUser(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	a1 := h.login(h.cast.A1.Email)
	soon := time.Now().UTC().AddDate(0, 0, 10).Format("2006-01-02")
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", h.cast.StepA1.ID), map[string]any{"title": "Maquettes, v1; revue", "due_date": soon})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", h.cast.StepB1.ID), map[string]any{"title": "Cahier des charges", "due_date": soon})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskA.ID), map[string]any{"title": "Maquette de l'accueil", "due_date": soon})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskAInternal.ID), map[string]any{"title": "Revue interne", "due_date": soon, "visibility": "interne"})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskB.ID), map[string]any{"title": "Recueil Beta", "due_date": soon})

	// Off until the user turns it on from « Mon compte »; the URL is shown once.
	var st calendarView
	a1.do("GET", "/api/v1/account/calendar", nil).json(t, &st)
	a2 := h.login(h.cast.A2.Email)
	var off calendarView
	a2.do("GET", "/api/v1/account/calendar", nil).json(t, &off)
	if off.Enabled || off.URL != "" || !st.Enabled || st.URL != "" {
		t.Fatalf("status: A2 %+v, A1 %+v", off, st)
	}
	r := a1.do("POST", "/api/v1/account/calendar", nil)
	var on calendarView
	r.json(t, &on)
	if r.status != 201 || !on.Enabled || !strings.HasPrefix(on.URL, "http") {
		t.Fatalf("enable = %d %s", r.status, r.body)
	}
	h.oneAudit("calendar.renew", h.cast.A1.ID, "success")
	path := feedPath(t, on.URL)
	if r := h.anonymous().do("GET", "/api/v1/calendar/"+h.cast.CalendarA1+".ics", nil); r.status != 404 {
		t.Fatalf("the renewed feed's old URL = %d", r.status)
	}

	// The client's feed: its company's steps and visible tasks, no session needed.
	anon := h.anonymous()
	f, events := readFeed(t, anon, path)
	if f.Calendar.Props["X-WR-CALNAME"].Value != "Échéances — Alice Alpha" {
		t.Errorf("calendar name %+v", f.Calendar.Props["X-WR-CALNAME"])
	}
	stepA := events[fmt.Sprintf("step-%d@localhost", h.cast.StepA1.ID)]
	if len(f.Events) != 2 || stepA.Props["SUMMARY"].Value != "Étape : Maquettes, v1; revue — Site vitrine Alpha" ||
		stepA.Props["DTSTART"].Value != strings.ReplaceAll(soon, "-", "") || !strings.Contains(stepA.Props["DESCRIPTION"].Value, "\nÉtat : à venir") {
		t.Fatalf("client A's feed: %+v", f.Events)
	}
	if _, ok := events[fmt.Sprintf("task-%d@localhost", h.cast.TaskA.ID)]; !ok {
		t.Fatalf("client A's feed misses its visible task: %+v", events)
	}
	// Stable UIDs: a second read, after a change, updates the same events.
	adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", h.cast.TaskA.ID), map[string]string{"status": "terminee"})
	_, again := readFeed(t, anon, path)
	task := again[fmt.Sprintf("task-%d@localhost", h.cast.TaskA.ID)]
	if len(again) != 2 || !strings.HasPrefix(task.Props["SUMMARY"].Value, "✓ Tâche : Maquette de l'accueil") {
		t.Fatalf("second read: %+v", again)
	}

	// Client B's feed has none of A's; the admin's has everything, internal tasks included.
	b1 := h.login(h.cast.B1.Email)
	var onB calendarView
	b1.do("POST", "/api/v1/account/calendar", nil).json(t, &onB)
	_, eventsB := readFeed(t, anon, feedPath(t, onB.URL))
	for uid, e := range eventsB {
		if strings.Contains(e.Props["SUMMARY"].Value, "Alpha") || strings.Contains(e.Props["DESCRIPTION"].Value, "alpha") {
			t.Errorf("client B's feed shows %s: %+v", uid, e.Props)
		}
	}
	if len(eventsB) != 2 {
		t.Errorf("client B's feed: %+v", eventsB)
	}
	var onAdm calendarView
	adm.do("POST", "/api/v1/account/calendar", nil).json(t, &onAdm)
	_, eventsAdm := readFeed(t, anon, feedPath(t, onAdm.URL))
	if len(eventsAdm) != 5 || eventsAdm[fmt.Sprintf("task-%d@localhost", h.cast.TaskAInternal.ID)].Props["SUMMARY"].Value == "" {
		t.Fatalf("the admin's feed: %d events", len(eventsAdm))
	}
	for _, e := range f.Events {
		if strings.Contains(e.Props["SUMMARY"].Value, "Revue interne") {
			t.Fatalf("an internal task is in a client's feed")
		}
	}

	// The feed's secret grants nothing else: not a session, not another route.
	secret := strings.TrimSuffix(strings.TrimPrefix(path, "/api/v1/calendar/"), ".ics")
	for _, hdr := range [][2]string{{"Cookie", h.s.cookieName() + "=" + secret}, {"Authorization", "Bearer " + secret}} {
		if r := anon.doWith("GET", "/api/v1/projects", nil, hdr); r.status != 401 {
			t.Errorf("the feed's secret as %s opened the API: %d", hdr[0], r.status)
		}
	}
	var stored int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = ?", secret).Scan(&stored); err != nil || stored != 0 {
		t.Errorf("the secret is stored in clear (%d, %v)", stored, err)
	}

	// A disabled user's feed stops; so does one turned off.
	portaltest.Disable(t, h.db, h.cast.B1.ID)
	if r := anon.do("GET", feedPath(t, onB.URL), nil); r.status != 404 || r.errorCode(t) != "calendar_not_found" {
		t.Fatalf("disabled user's feed = %d %s", r.status, r.body)
	}
	if r := a1.do("DELETE", "/api/v1/account/calendar", nil); r.status != 204 {
		t.Fatalf("disable = %d", r.status)
	}
	h.oneAudit("calendar.disable", h.cast.A1.ID, "success")
	if r := anon.do("GET", path, nil); r.status != 404 {
		t.Fatalf("feed turned off = %d", r.status)
	}
	a1.do("GET", "/api/v1/account/calendar", nil).json(t, &st)
	if st.Enabled {
		t.Fatalf("status after turning off: %+v", st)
	}
}

func TestCalendarFeedIsThrottled(t *testing.T) {
	h := newHarness(t)
	anon := h.anonymous()
	path := "/api/v1/calendar/" + h.cast.CalendarA1 + ".ics"
	for i := 0; i < 60; i++ {
		if r := anon.do("GET", path, nil); r.status != 200 {
			t.Fatalf("read %d = %d", i+1, r.status)
		}
	}
	r := anon.do("GET", path, nil)
	if r.status != 429 || r.header.Get("Retry-After") == "" || r.errorCode(t) != "calendar_throttled" {
		t.Fatalf("61st read in the hour = %d %s", r.status, r.body)
	}
	// Another user's feed is not held up by it.
	if r := anon.do("GET", "/api/v1/calendar/"+h.cast.CalendarB1+".ics", nil); r.status != 200 {
		t.Fatalf("B's feed = %d", r.status)
	}
	h.advance(61 * time.Minute)
	if r := anon.do("GET", path, nil); r.status != 200 {
		t.Fatalf("after the hour = %d", r.status)
	}
	// Guessing secrets from one address is held up after 30 misses.
	for i := 0; i < 30; i++ {
		if r := anon.do("GET", fmt.Sprintf("/api/v1/calendar/devine-%d.ics", i), nil); r.status != 404 {
			t.Fatalf("guess %d = %d", i+1, r.status)
		}
	}
	if r := anon.do("GET", "/api/v1/calendar/devine-encore.ics", nil); r.status != 429 {
		t.Fatalf("31st guess = %d", r.status)
	}
}

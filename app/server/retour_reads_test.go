package server

import (
	"fmt"
	"testing"
)

// Unread markers of the retours' threads: each list (the project's, the staff's, « À traiter »)
// gives each retour the reader's unread count; opening the thread clears it for that reader only;
// an internal note counts for the staff and never for a client; a message of the thread marked
// read live (the route of the conversation's marker) moves the retour's marker, not the
// conversation's.
func TestRetourUnreadMarkers(t *testing.T) {
	h := newHarness(t)
	h.addStaff("zoe@bigdata.example", "Zoé Équipe")
	a1, a2, adm, zoe := h.login(h.cast.A1.Email), h.login(h.cast.A2.Email), h.login(h.cast.Admin.Email), h.login("zoe@bigdata.example")
	pa := h.cast.ProjectA.ID
	// A staff question: it waits for the client in « À traiter ».
	q := adm.retour(fmt.Sprintf("/api/v1/projects/%d/retours", pa), map[string]any{"kind": "question", "priority": "mineur",
		"title": "Quel logo sur la page d'accueil ?"}, 201)
	thread := fmt.Sprintf("/api/v1/retours/%d/messages", q.ID)
	post := func(b *browser, body string, internal bool) messageView {
		t.Helper()
		var m messageView
		r := b.do("POST", thread, map[string]any{"body": body, "internal": internal})
		if r.status != 201 {
			t.Fatalf("post = %d %s", r.status, r.body)
		}
		r.json(t, &m)
		return m
	}
	post(adm, "Le bleu ou le vert ?", false)
	post(adm, "Note : le client hésite, relancer lundi.", true)

	projectList, staffList := fmt.Sprintf("/api/v1/projects/%d/retours?status=", pa), "/api/v1/admin/retours?status="
	// wantUnread checks the reader's unread count of the retour in a list.
	wantUnread := func(b *browser, path string, want int, what string) {
		t.Helper()
		var list pageView[retourView]
		b.do("GET", path, nil).json(t, &list)
		for _, r := range list.Items {
			if r.ID == q.ID {
				if r.Unread != want {
					t.Errorf("%s: %d unread, want %d", what, r.Unread, want)
				}
				return
			}
		}
		t.Errorf("%s: retour %d not in %s", what, q.ID, path)
	}
	wantUnread(a1, projectList, 1, "client (the internal note never counts)")
	wantUnread(adm, staffList, 0, "staff author (its own messages)")
	wantUnread(zoe, staffList, 2, "staff colleague (the note counts for the staff)")
	var todo struct {
		Client struct {
			Questions todoListView[todoRetourView] `json:"questions"`
		} `json:"client"`
	}
	a1.do("GET", "/api/v1/todo", nil).json(t, &todo)
	if qs := todo.Client.Questions.Items; len(qs) != 1 || qs[0].ID != q.ID || qs[0].Unread != 1 {
		t.Errorf("« À traiter » questions = %+v", qs)
	}

	// A1 opens the thread: its count clears, A2's stays; the thread tells where A1 had stopped.
	var page struct {
		Items    []messageView `json:"items"`
		LastRead int64         `json:"last_read"`
	}
	a1.do("GET", thread, nil).json(t, &page)
	if len(page.Items) != 1 || page.LastRead != 0 {
		t.Errorf("first read: %d messages, last_read %d", len(page.Items), page.LastRead)
	}
	wantUnread(a1, projectList, 0, "client after reading")
	wantUnread(a2, projectList, 1, "the colleague who did not read")
	// The client answers: the staff have one more to read, the client none.
	answer := post(a1, "Le bleu, merci.", false)
	wantUnread(a1, projectList, 0, "client after its own answer")
	wantUnread(adm, staffList, 1, "staff author after the client's answer")
	wantUnread(zoe, staffList, 3, "staff colleague after the client's answer")
	// Marked read live, through the conversation's route: the retour's marker moves, the
	// conversation's does not.
	var before pageView[projectView]
	zoe.do("GET", "/api/v1/projects", nil).json(t, &before)
	if r := zoe.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages/read", pa), map[string]int64{"message_id": answer.ID}); r.status != 204 {
		t.Fatalf("mark read = %d %s", r.status, r.body)
	}
	wantUnread(zoe, staffList, 0, "staff after the live read")
	var after pageView[projectView]
	zoe.do("GET", "/api/v1/projects", nil).json(t, &after)
	for i := range after.Items {
		if after.Items[i].UnreadMessages != before.Items[i].UnreadMessages {
			t.Errorf("the conversation's unread moved: %+v → %+v", before.Items[i], after.Items[i])
		}
	}
	// A client cannot move a marker with an internal note's id: it is a missing message.
	note := post(adm, "Seconde note interne.", true)
	if r := a2.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages/read", pa), map[string]int64{"message_id": note.ID}); r.status != 404 {
		t.Errorf("client marking an internal note read = %d", r.status)
	}
	wantUnread(a2, projectList, 2, "client colleague (the staff's message and A1's answer)")
}

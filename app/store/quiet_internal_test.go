package store

import "testing"

// A statement leaves the data epoch alone only when it writes quiet tables and reads no other:
// anything else, or anything not understood, moves it.
func TestQuietStatements(t *testing.T) {
	for q, want := range map[string]bool{
		"UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?":                                               true,
		"INSERT INTO email_outbox (to_addr, subject) VALUES (?, ?)":                                               true,
		"insert into `audit_log` (action) values (?)":                                                             true,
		"INSERT INTO job_leases (name, owner, until) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE owner = ?":          true,
		"DELETE FROM login_throttle WHERE until < ?":                                                              true,
		"UPDATE notifications SET emailed_at = ? WHERE id IN (?, ?)":                                              true,
		"UPDATE projects SET name = ? WHERE id = ?":                                                               false,
		"UPDATE sessions s JOIN users u ON u.id = s.user_id SET u.name = ?":                                       false,
		"INSERT INTO notifications (user_id, project_id) SELECT u.id, ? FROM users u WHERE u.client_id = ?":       false,
		"DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE client_id = ?)":                        false,
		"INSERT INTO message_reads (user_id, project_id, seen) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE seen = ?": false,
		"SELECT * FROM sessions":                false,
		"ALTER TABLE sessions ADD COLUMN x INT": false,
		"":                                      false,
	} {
		if got := quiet(q); got != want {
			t.Errorf("quiet(%q) = %v, want %v", q, got, want)
		}
	}
}

-- Password-reset requests are counted per address and per client IP (auth.max_resets,
-- auth.max_resets_per_ip) in the same table as failed sign-ins, under scopes of their own.
ALTER TABLE login_throttle MODIFY scope ENUM('account','ip','reset','reset-ip') NOT NULL;

"""Email channel: parse an RFC 822 message safely, then open a complaint or join a reply to one."""

"""Activities: group activities organisations publish (a CV workshop, help with the tax
return, Dutch lessons, a peer meeting, walk-in hours) as a low-threshold first step. People
register with a work name and one channel, or just come by; registrations are deleted after
the activity and only the counts stay."""

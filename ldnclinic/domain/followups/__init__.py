"""Follow-ups: items as staff work them (worklist), the follow-ups a prescription calls for
(rules), and what the follow-up documents print (documents)."""

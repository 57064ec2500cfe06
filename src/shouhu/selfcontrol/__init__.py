"""Enterprise self-control (主体责任, SAMR Order No. 60): the risk-control list, 日管控/周排查/月调度, stops.

Built on the workflow kernel: each version of the risk-control list is a kernel checklist template (its
daily points); a problem found in a daily check is a kernel finding, reported upward as an obligation; a
hazard stops production (附件1 #16) and is reported to the county bureau as an obligation of its office;
weekly reports and monthly minutes are signed through the kernel's signatures by the role that owes them.
"""

"""Loading and checking data: the membership rows and city points (memberships), the
partnership catalog, when a membership is in force (periods), outside sources read with bounds
(sources), official boundaries and population figures, and an uploaded list's check and
comparison. No Streamlit: the same code checks a file on the command line."""

"""Double funding: applications whose texts are near duplicates of another application's."""

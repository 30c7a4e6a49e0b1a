-- Provinces in the order of their codes (for province pickers).
SELECT province
FROM places
GROUP BY province
ORDER BY min(adcode);

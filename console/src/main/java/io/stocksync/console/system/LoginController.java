package io.stocksync.console.system;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The login page (Spring Security handles its POST) and the page a viewer sees when
 * trying to act.
 */
@Controller
class LoginController {

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@RequestMapping("/denied")
	String denied(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		return "denied";
	}

}
